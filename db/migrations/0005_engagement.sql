-- Engagement: the points ledger, rewards, nudges, suggestions, and what analytics reads.

-- The points ledger: append-only. `key` names the event a row pays for (share:<advocate>:<item>:<network>,
-- click:<advocate>:<item>:<visitor>, suggestion:<item>), so replaying an event never pays twice.
create table points (
  id bigserial primary key,
  key text not null unique,
  advocate_id bigint not null references advocates (id),
  reason text not null check (reason in ('share', 'click', 'suggestion')),
  item_id text references items (id),
  points integer not null,
  -- When the event happened (not when it was tallied): a week's or month's board counts by it.
  at timestamptz not null,
  tallied_at timestamptz not null default now()
);

create index points_at_idx on points (at, advocate_id);
create index points_advocate_idx on points (advocate_id, at);
create index points_item_idx on points (advocate_id, item_id, reason);

-- How far the tally has read link_events: one row, moved in the same transaction as the rows it wrote.
create table points_cursor (
  name text primary key,
  last_event_id bigint not null default 0
);
insert into points_cursor (name, last_event_id) values ('link_events', 0);

-- Privacy first: a name is shown on a leaderboard only after its advocate opts in.
alter table advocates add column show_name boolean not null default false;
-- Nudges: when the last one went out, and a "snooze for a month" (a local date).
alter table advocates add column last_nudged_at timestamptz;
alter table advocates add column nudges_snoozed_until text check (nudges_snoozed_until ~ '^\d{4}-\d{2}-\d{2}$');

-- The first time a digest was opened (its image was loaded), for the open-to-share rate.
alter table digests add column opened_at timestamptz;

-- Mail kaiku sends once per key (a winner's mail, the admins' summary, a nudge, an approver's daily
-- summary): `sending` is written before the SMTP transaction, `sent` after, with one Message-ID throughout.
create table keyed_mail (
  key text primary key,
  kind text not null,
  recipient text not null,
  message_id text not null,
  state text not null default 'sending' check (state in ('sending', 'sent', 'failed')),
  error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);

-- A month closed: the rule it was closed with, and when. Closing it again finds this row and changes nothing.
create table reward_months (
  month text primary key check (month ~ '^\d{4}-\d{2}$'),
  rule jsonb not null,
  closed_at timestamptz not null default now()
);

create table reward_winners (
  month text not null references reward_months (month),
  advocate_id bigint not null references advocates (id),
  -- 'top' for the top N; 'draw' for a winner drawn among the steady sharers over the threshold.
  kind text not null check (kind in ('top', 'draw')),
  rank integer not null,
  points integer not null,
  primary key (month, advocate_id)
);

-- Links advocates suggest (a form, a reply to the digest, Slack's /kaiku suggest): what was asked, and
-- what came of it. `item_id` is set when it became an item, or was one already (credited, not duplicated).
create table suggestions (
  id bigserial primary key,
  key text not null unique,
  advocate_id bigint not null references advocates (id),
  url text not null,
  via text not null check (via in ('form', 'email', 'slack')),
  note text,
  state text not null default 'received' check (state in ('received', 'accepted', 'duplicate', 'refused')),
  reason text,
  item_id text references items (id),
  created_at timestamptz not null default now(),
  decided_at timestamptz
);

create index suggestions_item_idx on suggestions (item_id, id);

-- Suggested items belong to this source: it is never polled, and its items go to every admin.
insert into sources (id, kind, name, url, topics, settings, fetch_state, active)
values ('suggestions', 'suggestion', 'Suggested by advocates', 'https://kaiku.invalid/suggestions', '[]', '{}', '{}', false)
on conflict (id) do nothing;
