-- Issue 17: a job may name a callback URL; when it reaches a terminal state the service POSTs
-- its summary there. The outbox row is written by a trigger in the same transaction as the
-- status change (whichever code path finishes the job), and delivered at least once by a
-- poller that survives restarts.
alter table job add column callback_url text;

create table callback_delivery (
    job_id           uuid         primary key references job (id) on delete cascade,
    url              text         not null,
    state            varchar(16)  not null default 'PENDING' check (state in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         int          not null default 0,
    next_attempt_at  timestamptz  not null default now(),
    last_error       text,
    last_status      int,
    created_at       timestamptz  not null default now(),
    delivered_at     timestamptz
);
create index callback_delivery_due_idx on callback_delivery (next_attempt_at) where state = 'PENDING';

create function enqueue_job_callback() returns trigger language plpgsql as $$
begin
    if new.callback_url is not null and new.status in ('SUCCEEDED', 'FAILED', 'CANCELLED')
            and old.status not in ('SUCCEEDED', 'FAILED', 'CANCELLED') then
        -- a job that ends again (after a resume) is announced again
        insert into callback_delivery (job_id, url) values (new.id, new.callback_url)
        on conflict (job_id) do update set url = excluded.url, state = 'PENDING', attempts = 0,
            next_attempt_at = now(), last_error = null, last_status = null, delivered_at = null;
    end if;
    return new;
end
$$;

create trigger job_callback_outbox after update of status on job
    for each row execute function enqueue_job_callback();

-- Retention of the black-box call cache (instructzero.evaluator.cache-retention): an entry is
-- "used" when it is written or served; a trigger keeps last_used_at on every hit, whichever code
-- bumps the hit counter.
alter table black_box_call add column last_used_at timestamptz not null default now();
create index black_box_call_last_used_idx on black_box_call (last_used_at);

create function touch_black_box_call() returns trigger language plpgsql as $$
begin
    new.last_used_at := now();
    return new;
end
$$;

create trigger black_box_call_used before update of hits on black_box_call
    for each row execute function touch_black_box_call();
