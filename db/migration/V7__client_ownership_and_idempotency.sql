-- Issue 17: tasks and jobs belong to the API client that created them (the client's configured
-- name, never its token). Rows created before this migration have no owner: only admins see them.
alter table task add column owner varchar(100);
alter table job add column owner varchar(100);
create index task_owner_created_idx on task (owner, created_at desc);
create index job_owner_created_idx on job (owner, created_at desc);

-- Idempotency-Key of POST /tasks and POST /jobs, per client, kept 24 hours: the first response
-- is replayed for the same key and body; another body with the same key is refused.
create table idempotent_request (
    client        varchar(100) not null,
    idem_key      varchar(255) not null,
    request_hash  varchar(64)  not null,   -- sha-256 hex of method, path and body
    status_code   int          not null,
    location      text,
    content_type  varchar(200),
    body          bytea        not null,
    created_at    timestamptz  not null default now(),
    primary key (client, idem_key)
);
create index idempotent_request_created_idx on idempotent_request (created_at);
