-- Final selection (issue 11, part 3): before the test run, the job's top distinct instructions are
-- re-scored on dev-pool examples beyond the fixed dev subset, and the best on that wider evaluation
-- becomes the job's final choice.

-- One row per re-scored candidate, written when its extra examples are scored (so a resumed job
-- never scores it again). The wider evaluation covers the candidate's fixed-subset scores (on its
-- trial) plus extra_scores.
create table final_candidate (
    id               bigserial primary key,
    job_id           uuid             not null,
    ordinal          int              not null,    -- the candidate's trial: the first one of its instruction
    dev_rank         int              not null,    -- 1 = highest dev score (earliest ordinal on ties)
    extra_scores     float8[]         not null,    -- per-example scores on the extra dev-pool examples
    wider_score      double precision not null,    -- mean over the subset and the extra examples
    wider_examples   int              not null,    -- subset size + number of extra examples
    interval_low     double precision not null,    -- 95% interval of wider_score
    interval_high    double precision not null,
    interval_method  varchar(16)      not null check (interval_method in ('wilson', 'bootstrap')),
    chosen           boolean          not null default false,  -- the job's final choice
    tokens_in        bigint           not null default 0,
    tokens_out       bigint           not null default 0,
    created_at       timestamptz      not null default now(),
    constraint final_candidate_job_ordinal_uq unique (job_id, ordinal),
    constraint final_candidate_trial_fk foreign key (job_id, ordinal) references trial (job_id, ordinal)
        on delete cascade
);
-- at most one final choice per job
create unique index final_candidate_chosen_uq on final_candidate (job_id) where chosen;

-- The best trial is now defined in one place (the trial queries): the final choice once there
-- is one, else the highest dev score. The job's own running copy of "the best so far" would be a
-- second definition that goes stale when the final choice differs from the dev-score leader.
alter table job drop column best_dev_score, drop column best_ordinal;

-- A resumed job re-reads what it paid for from the call ledger (calls paid just before a crash
-- may be missing from its counters).
create index black_box_call_first_job_idx on black_box_call (first_job_id);
