-- The console (issue 17): every change an admin makes there, recorded in the same transaction as the change, and
-- advocates an admin removed (no longer mailed; their history and points stay for the programme's totals).

-- One row per change: who made it, when, to what (`entity` a noun such as 'advocate', `entity_id` its id, or the
-- programme's for changes to a whole list such as a roster import), what was done, and the entity before and after.
create table audit_trail (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  entity text not null,
  entity_id text not null,
  action text not null,
  before jsonb,
  after jsonb
);

create index audit_trail_entity_idx on audit_trail (entity, entity_id, at);

alter table advocates add column removed_at timestamptz;
