-- A digest run: one digest workflow (a Schedule tick or `kaiku digest send --now`) that found digests to send.
-- Its figures are the digests rows that carry its id, counted while it runs; a finished run keeps its totals.
create table digest_runs (
  id bigserial primary key,
  workflow_id text not null,
  -- a retried planning step finds its run again by the Temporal run that plans it
  workflow_run_id text not null unique,
  -- the tick's moment, and whether it was a manual send
  tick_at timestamptz not null,
  forced boolean not null,
  planned integer not null default 0,
  batches integer not null default 0,
  batch_size integer not null default 0,
  started_at timestamptz not null default now(),
  -- bumped by every batch that works on the run: a run quiet for long was interrupted, its leftovers free to take
  touched_at timestamptz not null default now(),
  finished_at timestamptz,
  totals jsonb
);

create index digest_runs_started_idx on digest_runs (started_at desc);

-- Each digest belongs to the run that planned it (or sent it last) and to one of its batches: a batch is one activity.
alter table digests add column run_id bigint references digest_runs (id);
alter table digests add column batch integer;
-- How often a temporary refusal (4xx) sent it back to wait.
alter table digests add column deferrals integer not null default 0;

create index digests_run_idx on digests (run_id, batch);

-- Which worker took each batch, how often, and when it was done: the admin page's "by batch".
create table digest_batches (
  run_id bigint not null references digest_runs (id),
  batch integer not null,
  worker text,
  attempts integer not null default 0,
  started_at timestamptz,
  finished_at timestamptz,
  primary key (run_id, batch)
);
