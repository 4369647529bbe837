-- Urgent posts (issue 17): an approved item sent now, by a communicator from the console, to a segment of the
-- advocates as a short "new post to share" mail. Each send is one row; each advocate it mails is one row of
-- urgent_mails, planned before any mail goes (so a retried plan finds the same recipients) and counted by the
-- per-advocate cap (mail.urgentCap).

create table urgent_sends (
  -- The send id the console drew when it counted: the workflow id derives from it, so a resubmitted form starts nothing twice.
  id text primary key,
  item_id text not null references items (id),
  -- The admin who pressed "Send now".
  actor text not null,
  segment jsonb not null,
  planned integer,
  left_out jsonb,
  slack_channel text,
  slack_ts text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);

create table urgent_mails (
  send_id text not null references urgent_sends (id),
  advocate_id bigint not null references advocates (id),
  item_id text not null references items (id),
  state text not null default 'planned',
  planned_at timestamptz not null default now(),
  sent_at timestamptz,
  primary key (send_id, advocate_id)
);

create index urgent_mails_advocate_idx on urgent_mails (advocate_id, planned_at);
