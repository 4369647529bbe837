-- The language each admin reads the console in (issue 17: Finnish, Swedish or English), chosen in the console's
-- header. Keyed by address, so kaiku.yaml's admins can choose too; an admin removed in the console loses theirs.
create table admin_languages (
  email text primary key,
  language text not null check (language in ('fi', 'sv', 'en')),
  updated_at timestamptz not null default now()
);
