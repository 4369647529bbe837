-- The approval decision on the item itself, so every reader (admin page, digest) sees one answer.
alter table items add column event_ends_at timestamptz;
alter table items add column captions jsonb;
alter table items add column decided_by text;
alter table items add column decided_at timestamptz;
alter table items add column decided_via text;
alter table items add column decision_reason text;
alter table items add column expires_at timestamptz;

create index items_decided_idx on items (state, decided_at desc) where decided_at is not null;

-- The audit trail: every request, reminder, escalation, decision, refusal and expiry, with who, when and how.
-- `key` makes each side effect idempotent (item × recipient × kind); message_id threads the emails.
create table approval_events (
  id bigserial primary key,
  key text not null unique,
  item_id text not null references items (id),
  kind text not null check (kind in ('requested', 'reminded', 'escalated', 'approved', 'rejected', 'refused', 'expired', 'confirmed')),
  actor text not null,
  recipient text,
  channel text not null check (channel in ('email', 'link', 'admin', 'slack', 'system')),
  message_id text,
  detail jsonb not null default '{}',
  at timestamptz not null default now()
);

create index approval_events_item_idx on approval_events (item_id, at);
create index approval_events_message_idx on approval_events (message_id) where message_id is not null;

-- Every mail that reached kaiku (SMTP catcher, IMAP, webhook): stored before it is read, so a crash loses none.
create table inbound_mail (
  id bigserial primary key,
  dedup_key text not null unique,
  via text not null check (via in ('smtp', 'imap', 'webhook')),
  envelope_from text,
  envelope_to jsonb not null default '[]',
  raw bytea not null,
  size integer not null,
  state text not null default 'received' check (state in ('received', 'done', 'failed')),
  attempts integer not null default 0,
  claimed_until timestamptz,
  outcome text,
  detail text,
  item_id text,
  sender text,
  received_at timestamptz not null default now(),
  processed_at timestamptz
);

create index inbound_mail_waiting_idx on inbound_mail (received_at) where state = 'received';
create index inbound_mail_sender_idx on inbound_mail (sender, outcome, received_at);

-- The embedded SMTP catcher's mailbox (dev and tests): what the outbox page shows.
create table outbox_mail (
  id bigserial primary key,
  message_id text,
  envelope_from text,
  envelope_to jsonb not null default '[]',
  subject text,
  raw bytea not null,
  inbound boolean not null default false,
  received_at timestamptz not null default now()
);

create index outbox_mail_received_idx on outbox_mail (received_at desc);

-- Where each IMAP mailbox got to, so a restart neither skips nor repeats mail.
create table mailbox_cursors (
  mailbox text primary key,
  uid_validity text not null,
  last_uid bigint not null,
  updated_at timestamptz not null default now()
);

-- One-time admin sign-in links: the nonce is spent when the link is used.
create table login_nonces (
  nonce text primary key,
  email text not null,
  used_at timestamptz
);
