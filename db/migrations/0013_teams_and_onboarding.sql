-- Microsoft Teams as a third approval channel (issue 18), and the welcome sequence for new advocates.

-- Decisions can come from Teams.
alter table approval_events drop constraint approval_events_channel_check;
alter table approval_events add constraint approval_events_channel_check check (channel in ('email', 'link', 'admin', 'slack', 'teams', 'system'));

-- Every message kaiku posted in Teams for an item, as slack_messages does for Slack: its approval card for each
-- target (`channel:<19:…@thread.tacv2>` or `user:<Entra object id>`), and the reminder and escalation replies in
-- the card's thread. `conversation_id` and `activity_id` are what the Bot Connector needs to update or reply.
create table teams_messages (
  item_id text not null references items (id),
  target text not null,
  kind text not null check (kind in ('card', 'reminder', 'escalation')),
  conversation_id text not null,
  activity_id text not null,
  outcome text check (outcome in ('approved', 'rejected', 'expired')),
  posted_at timestamptz not null default now(),
  updated_at timestamptz,
  primary key (item_id, target, kind)
);

create index teams_messages_activity_idx on teams_messages (activity_id);

-- Posts in the programme's channel (an item approved, the week's top posts), once per key.
create table teams_posts (
  key text primary key,
  conversation_id text not null,
  activity_id text not null,
  posted_at timestamptz not null default now()
);

-- Onboarding: where each advocate is in the welcome sequence. No row: not enrolled (advocates who were on the
-- roster before onboarding was turned on stay so unless an admin enrols them). `next_step` counts the steps sent;
-- each mail itself is a keyed_mail row (onboarding:<advocate>:<step>), so a retried round sends nothing twice.
create table onboarding (
  advocate_id bigint primary key references advocates (id),
  enrolled_at timestamptz not null default now(),
  next_step integer not null default 0,
  last_sent_on text check (last_sent_on ~ '^\d{4}-\d{2}-\d{2}$'),
  finished_at timestamptz
);

-- When onboarding was first turned on: advocates who joined since are enrolled by the daily round, those before
-- only when an admin asks (`kaiku onboarding enrol`). One row at most.
create table onboarding_start (
  one boolean primary key default true check (one),
  started_at timestamptz not null
);

-- Threads and WhatsApp are networks now (issue 18). Items captioned before get a caption for each: Bluesky's
-- (300 graphemes, within Threads' 500) and LinkedIn's (WhatsApp takes any length). link_events.network has no check.
update items
set captions = jsonb_set(
  jsonb_set(captions, '{networks,threads}', captions -> 'networks' -> 'bluesky'),
  '{networks,whatsapp}', captions -> 'networks' -> 'linkedin')
where captions is not null and not (captions -> 'networks' ? 'threads');
