-- The advocates: who gets a digest, in which language, at which local hour, about what.
create table advocates (
  id bigserial primary key,
  email text not null unique,
  name text not null,
  language text not null,
  time_zone text not null,
  branch text,
  topics jsonb not null default '[]',
  networks jsonb not null default '["linkedin"]',
  mastodon_instance text,
  frequency text not null default 'weekly' check (frequency in ('weekly', 'fortnightly')),
  paused_until text check (paused_until ~ '^\d{4}-\d{2}-\d{2}$'),
  unsubscribed_at timestamptz,
  bounces integer not null default 0,
  mail_state text not null default 'ok' check (mail_state in ('ok', 'bouncing', 'paused')),
  last_digest_at timestamptz,
  -- Set when the advocate changes their own preferences: a roster import no longer overwrites them.
  prefs_updated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index advocates_zone_idx on advocates (time_zone, frequency) where unsubscribed_at is null;

-- One row per advocate × period: the idempotency key of the digest. `sending` is written before the
-- SMTP transaction and `sent` after it, so a crash leaves at most the messages in flight in doubt.
create table digests (
  id bigserial primary key,
  advocate_id bigint not null references advocates (id),
  period text not null,
  state text not null default 'planned' check (state in ('planned', 'sending', 'sent', 'empty', 'failed')),
  item_ids jsonb not null default '[]',
  message_id text,
  attempts integer not null default 0,
  claimed_by text,
  claimed_until timestamptz,
  not_before timestamptz,
  error text,
  planned_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (advocate_id, period)
);

create index digests_open_idx on digests (id) where state in ('planned', 'sending');

-- What each advocate has received: an item reaches an advocate once, whatever the period.
create table digest_items (
  advocate_id bigint not null references advocates (id),
  item_id text not null references items (id),
  digest_id bigint not null references digests (id),
  primary key (advocate_id, item_id)
);

-- Share dialogs opened (/s/) and tracked links followed (/r/): the raw events the points are built on.
create table link_events (
  id bigserial primary key,
  kind text not null check (kind in ('share', 'click')),
  advocate_id bigint not null references advocates (id),
  item_id text not null references items (id),
  network text,
  visitor text,
  bot boolean not null default false,
  at timestamptz not null default now()
);

create index link_events_advocate_idx on link_events (advocate_id, at);
create index link_events_item_idx on link_events (item_id, kind, at);
