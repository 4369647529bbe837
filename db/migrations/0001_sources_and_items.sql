-- Sources as the config last named them, with what each poll learnt about their health.
create table sources (
  id text primary key,
  kind text not null,
  name text not null,
  url text not null,
  topics jsonb not null default '[]',
  settings jsonb not null default '{}',
  active boolean not null default true,
  health text not null default 'pending' check (health in ('pending', 'healthy', 'unhealthy')),
  last_error text,
  failure_count integer not null default 0,
  fetch_state jsonb not null default '{}',
  content_hash text,
  last_changed_at timestamptz,
  last_failed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One row per article, however many sources carry it: the id is derived from the canonical URL.
create table items (
  id text primary key,
  -- canonical: tracking parameters and fragment removed, host lower-cased (the URL a source gave is in item_sources)
  url text not null unique,
  source_id text not null references sources (id),
  title text not null,
  summary text,
  image_url text,
  author text,
  language text,
  topics jsonb not null default '[]',
  categories jsonb not null default '[]',
  published_at timestamptz,
  state text not null default 'pending' check (state in ('pending', 'approved', 'rejected', 'expired')),
  approval_started_at timestamptz,
  discovered_at timestamptz not null default now()
);

create index items_state_discovered_idx on items (state, discovered_at desc);
create index items_awaiting_approval_start_idx on items (source_id, discovered_at) where approval_started_at is null;

-- Every source an article was seen in, with the id and URL that source gave it.
create table item_sources (
  item_id text not null references items (id),
  source_id text not null references sources (id),
  guid text,
  seen_url text not null,
  first_seen_at timestamptz not null default now(),
  primary key (item_id, source_id)
);

create index item_sources_source_idx on item_sources (source_id);
