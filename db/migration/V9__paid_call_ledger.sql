-- Issue 13, money and data.

-- The paid-call ledger: one row per black-box call a job paid for (evaluations, final
-- selection, test scoring, judge grading and APE generations), written as soon as the answer arrives and before
-- anything else is stored. A job's usage is the sum of its rows, so a crash between a paid call
-- and the job's counters loses no accounting. Unlike black_box_call (the answer cache, one row
-- per distinct call, first payer only), two replicas paying for the same call each get a row.
create table paid_call (
    id          bigserial primary key,
    job_id      uuid           not null,
    cache_key   varchar(64)    not null,
    purpose     varchar(16)    not null check (purpose in ('evaluation', 'generation', 'judge')),
    model       varchar(200)   not null,
    tokens_in   int            not null,
    tokens_out  int            not null,
    cost_usd    numeric(18, 8) not null,
    created_at  timestamptz    not null default now()
);
create index paid_call_job_idx on paid_call (job_id);

-- calls paid before this migration: the cache knows their first payer
insert into paid_call (job_id, cache_key, purpose, model, tokens_in, tokens_out, cost_usd, created_at)
select first_job_id, cache_key, 'evaluation', model, tokens_in, tokens_out, cost_usd, created_at
from black_box_call where first_job_id is not null;

-- POST /jobs/{id}/resume: each resumption runs under its own JobRunr job id (JobRunr never
-- enqueues an id twice), derived from the job id and this counter.
alter table job add column resumptions int not null default 0;
