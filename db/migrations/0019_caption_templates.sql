-- Caption templates (issue 17): the console's words per network × language, up to three variants each, and the
-- programme's hashtags when kaiku.yaml sets none. Who changed them, and from what, is in audit_trail.

create table caption_templates (
  network text not null,
  language text not null,
  variant smallint not null check (variant between 1 and 3),
  body text not null,
  updated_at timestamptz not null default now(),
  primary key (network, language, variant)
);

-- One row at most: the hashtags written in the console.
create table caption_hashtags (
  id boolean primary key default true check (id),
  hashtags jsonb not null,
  updated_at timestamptz not null default now()
);
