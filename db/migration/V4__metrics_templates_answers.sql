-- Issue 14: a task's own metric parameters and chat template, more metrics, and the answers
-- behind every trial's score.

alter table task drop constraint task_metric_check;
alter table task add constraint task_metric_check
    check (metric in ('exact_match', 'f1', 'exact_set', 'contains', 'regex', 'numeric', 'json', 'choice', 'llm_judge'));
-- JSON of the metric's options (null = defaults) and of the chat template (null = APE's)
alter table task add column metric_options text;
alter table task add column prompt_template text;

-- The black box's answer to each example an instruction was scored on: the dev subset for
-- every first evaluation of an instruction (duplicates reuse the first one's rows), the test
-- examples for the best instruction.
create table trial_answer (
    job_id        uuid             not null references job (id) on delete cascade,
    ordinal       int              not null,
    split         varchar(4)       not null check (split in ('dev', 'test')),
    example_index int              not null,
    input         text             not null,
    outputs       text[]           not null,
    answer        text             not null,
    score         double precision not null,
    verdict       text,                         -- the judge's reply, for llm_judge
    primary key (job_id, ordinal, split, example_index)
);

-- llm_judge: the judge's share of the job's paid calls, tokens and cost, and its replies that could
-- not be read even after one retry (scored 0)
alter table job add column judge_calls bigint not null default 0;
alter table job add column judge_tokens_in bigint not null default 0;
alter table job add column judge_tokens_out bigint not null default 0;
alter table job add column judge_cost_usd numeric(18, 8) not null default 0;
alter table job add column judge_unparsed bigint not null default 0;
