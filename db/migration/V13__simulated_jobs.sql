-- Issue 17 (sandbox): a job run by the sandbox's simulated generator and black box is marked as
-- such for good, so its results are never taken for real ones (the same database may later
-- serve the real service).
alter table job add column simulated boolean not null default false;
