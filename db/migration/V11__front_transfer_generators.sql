-- Issue 16 (front, transfer, generators).

-- The tokens an instruction adds to every future black-box call, estimated from its text as
-- ceil(UTF-8 bytes / 4) (OpenAI's rule of thumb: a token is about 4 characters of English);
-- the same estimate the service computes for new trials, so old and new trials compare.
alter table trial add column instruction_tokens int;
update trial set instruction_tokens = ceil(octet_length(instruction) / 4.0)::int;
alter table trial alter column instruction_tokens set not null;

-- Which configured generator (instructzero.generator.models[<name>], "default" for the
-- single-generator configuration) wrote the instruction; null for APE and older trials.
alter table trial add column generator_model varchar(100);

-- The generator a soft-prompt job chose (null: the first configured one, for older jobs too).
alter table job add column generator_model varchar(100);

-- Transfer: a job's top distinct instructions scored with other black-box models. One row per
-- (instruction, model), written as soon as it is scored, so a repeated request skips it; its
-- answers come from the black-box call cache and its paid calls are in paid_call under the job.
create table transfer_score (
    job_id        uuid             not null references job (id) on delete cascade,
    ordinal       int              not null,   -- the instruction's first trial
    model         varchar(200)     not null,
    split         varchar(4)       not null check (split in ('test', 'dev')),
    score         double precision not null,
    examples      int              not null,
    paid_calls    int              not null default 0,
    cache_hits    int              not null default 0,
    tokens_in     bigint           not null default 0,
    tokens_out    bigint           not null default 0,
    cost_usd      numeric(18, 8)   not null default 0,
    created_at    timestamptz      not null default now(),
    primary key (job_id, ordinal, model, split),
    constraint transfer_score_trial_fk foreign key (job_id, ordinal) references trial (job_id, ordinal)
        on delete cascade
);
