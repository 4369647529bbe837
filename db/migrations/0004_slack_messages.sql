-- Every message kaiku posted in Slack for an item: its approval card for each target (a channel, or an
-- approver's user id for a direct message), and the reminder and escalation replies in the card's thread.
-- The key (item × target × kind) makes each post idempotent; `channel` is the conversation Slack put it in
-- (a DM's D… id), with `ts` what chat.update needs. `outcome` is what the card shows once decided or expired.
create table slack_messages (
  item_id text not null references items (id),
  target text not null,
  kind text not null check (kind in ('card', 'reminder', 'escalation')),
  channel text not null,
  ts text not null,
  outcome text check (outcome in ('approved', 'rejected', 'expired')),
  posted_at timestamptz not null default now(),
  updated_at timestamptz,
  primary key (item_id, target, kind)
);

create index slack_messages_ts_idx on slack_messages (channel, ts);
