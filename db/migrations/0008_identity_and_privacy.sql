-- Identity and privacy (issue 19): admins signed in by the organisation's OpenID provider, the roster kept by
-- SCIM, erasure and the retention of raw events.

-- How a session was opened, and, for someone the provider's group admitted who is not under `admins:` in the
-- config, their name and that group: the session holds while the group is still configured.
alter table admin_sessions add column signed_in_via text not null default 'email' check (signed_in_via in ('email', 'oidc'));
alter table admin_sessions add column admin_name text;
alter table admin_sessions add column admitted_by_group text;

-- OpenID sign-ins that completed: each `state` is spent once, so a replayed callback URL opens nothing.
create table oidc_spent_states (
  state_hash text primary key,
  spent_at timestamptz not null default now()
);

-- The SCIM identity of an advocate the organisation's directory provisions. The SCIM id is the advocate's id.
-- `suspended`: the directory set active=false, and kaiku paused the advocate's mail for it (undone when it is true again).
create table scim_users (
  advocate_id bigint primary key references advocates (id),
  user_name text not null unique,
  external_id text unique,
  active boolean not null default true,
  suspended boolean not null default false,
  -- The department or office the directory gave, for the branch when no group gives one.
  branch_attribute text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Directory groups pushed by SCIM: each gives its members a branch or topics, as `scim:` in the config says.
create table scim_groups (
  id text primary key,
  display_name text not null,
  external_id text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table scim_group_members (
  group_id text not null references scim_groups (id) on delete cascade,
  advocate_id bigint not null references advocates (id),
  primary key (group_id, advocate_id)
);

create index scim_group_members_advocate_idx on scim_group_members (advocate_id);

-- Erasure: the advocate row stays (points, shares and digests counted in aggregates point at it) but holds no
-- personal data after `erased_at`.
alter table advocates add column erased_at timestamptz;

-- An advocate's "erase my data" waiting for an admin (retention.erasure: admin), and what came of it.
create table erasure_requests (
  advocate_id bigint primary key references advocates (id),
  state text not null default 'requested' check (state in ('requested', 'erased', 'declined')),
  requested_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by text
);

-- Raw share and click events past retention.linkEventMonths, folded into daily totals before they are deleted:
-- per day (UTC), item, kind, network and the advocate's branch; no advocate, no visitor.
create table link_event_days (
  day date not null,
  item_id text not null references items (id),
  kind text not null,
  network text not null default '',
  branch text not null default '',
  events integer not null,
  human_events integer not null,
  visitors integer not null,
  primary key (day, item_id, kind, network, branch)
);

-- The days folded: the deletion step deletes raw events only of a day listed here.
create table link_event_folds (
  day date primary key,
  events integer not null,
  folded_at timestamptz not null default now()
);
