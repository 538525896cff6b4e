-- Issue 16, studies: a grid of job settings × seeds run as ordinary jobs and reported together.

-- spec: the request as accepted (base job, grid, seeds, baseline, study budget), for the record;
-- the arms and their jobs are rows of study_job. A study belongs to the API client that
-- created it, like its jobs; deleting its task deletes it.
create table study (
    id          uuid primary key,
    owner       varchar(100),
    task_id     uuid          not null references task (id) on delete cascade,
    spec        jsonb         not null,
    seeds       bigint[]      not null,
    baseline    int           not null,
    created_at  timestamptz   not null default now()
);
create index study_owner_created_idx on study (owner, created_at desc);

-- one row per arm × seed: the arm's overrides of the base job and the job that ran them.
-- Deleting a job (DELETE /jobs/{id}) removes it from its study's report.
create table study_job (
    study_id   uuid          not null references study (id) on delete cascade,
    arm        int           not null,
    arm_name   varchar(1000) not null,
    overrides  jsonb         not null,
    seed       bigint        not null,
    job_id     uuid          not null references job (id) on delete cascade,
    primary key (study_id, arm, seed)
);
create index study_job_job_idx on study_job (job_id);
