-- The generator's reply next to the instruction read from it, so a user sees what the
-- extraction did (null for trials recorded before this migration), and a flag for a reply
-- that held no usable instruction (recorded without a black-box call, never the best).
alter table trial add column raw_reply text;
alter table trial add column generation_failed boolean not null default false;
