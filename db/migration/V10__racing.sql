-- Issue 15, racing and budget-driven runs.

-- A trial whose instruction racing stopped early: its example_scores hold the first stage
-- examples of the dev subset only, and dev_score is their mean.
alter table trial add column stopped_early boolean not null default false;

-- A budget-driven job stops when its search has converged.
alter table job drop constraint job_stop_reason_check;
alter table job add constraint job_stop_reason_check
    check (stop_reason in ('COMPLETED', 'BUDGET', 'CANCELLED', 'CONVERGED'));
