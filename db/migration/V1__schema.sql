-- InstructZero service schema. One migration per change; never edit a released one.

create table task (
    id          uuid primary key,
    name        varchar(200)  not null,
    description text,
    metric      varchar(16)   not null check (metric in ('exact_match', 'f1', 'exact_set', 'contains')),
    example_count      int    not null,
    test_example_count int    not null,
    created_at  timestamptz   not null default now()
);
create index task_created_idx on task (created_at desc);

-- split: 'train' = the examples a job divides into exemplar and dev pools, 'test' = held out.
-- position orders all examples of a task (train first, then test).
create table task_example (
    task_id  uuid        not null references task (id) on delete cascade,
    position int         not null,
    split    varchar(8)  not null check (split in ('train', 'test')),
    input    text        not null,
    outputs  text[]      not null check (cardinality(outputs) >= 1),
    primary key (task_id, position)
);

create table job (
    id                uuid primary key,
    task_id           uuid          not null references task (id),
    strategy          varchar(16)   not null check (strategy in ('instructzero', 'random', 'ape')),
    black_box_model   varchar(200)  not null,
    settings          jsonb         not null,
    budget            jsonb         not null,
    seed              bigint        not null,
    status            varchar(16)   not null check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    stop_reason       varchar(16)   check (stop_reason in ('COMPLETED', 'BUDGET', 'CANCELLED')),
    error_message     text,
    cancel_requested  boolean       not null default false,
    phase             varchar(32),
    current_iteration int           not null default 0,
    trials_planned    int           not null,
    trials_done       int           not null default 0,
    best_dev_score    double precision,
    best_ordinal      int,
    paid_calls        bigint        not null default 0,
    cache_hits        bigint        not null default 0,
    tokens_in         bigint        not null default 0,
    tokens_out        bigint        not null default 0,
    cost_usd          numeric(18, 8) not null default 0,
    created_at        timestamptz   not null default now(),
    started_at        timestamptz,
    finished_at       timestamptz
);
create index job_status_created_idx on job (status, created_at desc);
create index job_created_idx on job (created_at desc);
create index job_task_idx on job (task_id);

create table trial (
    id                bigserial primary key,
    job_id            uuid             not null references job (id) on delete cascade,
    ordinal           int              not null,
    iteration         int              not null,
    origin            varchar(10)      not null check (origin in ('initial', 'proposal', 'baseline')),
    soft_prompt       float8[],
    instruction       text             not null,
    instruction_hash  varchar(64)        not null,
    dev_score         double precision not null,
    example_scores    float8[]         not null,
    test_score        double precision,
    duplicate         boolean          not null default false,
    tokens_in         bigint           not null default 0,
    tokens_out        bigint           not null default 0,
    generation_ms     bigint,
    evaluation_ms     bigint,
    created_at        timestamptz      not null default now(),
    constraint trial_job_ordinal_uq unique (job_id, ordinal)
);
-- "trials of a job by score" (best first, earliest on ties)
create index trial_job_score_idx on trial (job_id, dev_score desc, ordinal asc);
-- duplicate-instruction lookup within a job
create index trial_job_hash_idx on trial (job_id, instruction_hash);

-- Black-box call cache and accounting: the same (model, temperature, max tokens, full prompt) is
-- never paid for twice, within a job, across jobs, or after a restart.
create table black_box_call (
    cache_key      varchar(64)   primary key,   -- sha-256 hex of the canonical request
    model          varchar(200)  not null,
    temperature    double precision,
    max_tokens     int           not null,
    prompt         text          not null,
    response       text          not null,
    finish_reason  varchar(32),
    tokens_in      int           not null default 0,
    tokens_out     int           not null default 0,
    cost_usd       numeric(18, 8) not null default 0,
    latency_ms     bigint,
    first_job_id   uuid,
    hits           bigint        not null default 0,
    created_at     timestamptz   not null default now()
);
create index black_box_call_model_created_idx on black_box_call (model, created_at);
