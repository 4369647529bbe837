-- Admin sessions kept on the server: signing out ends one for good, and admins see and end the others.
-- The cookie holds a random id; only its SHA-256 is stored, so the table never holds a usable cookie.
create table admin_sessions (
  id_hash text primary key,
  admin_email text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ended_at timestamptz,
  ended_by text,
  user_agent text
);

create index admin_sessions_admin_idx on admin_sessions (admin_email, created_at);

-- A new sign-in link makes the older unused ones invalid.
alter table login_nonces add column created_at timestamptz not null default now();
alter table login_nonces add column revoked_at timestamptz;

-- Counters of the rate limits every kaiku process shares (rate-limiter-flexible's store): sign-in attempts.
create table rate_limits (
  key text primary key,
  points integer not null,
  expire bigint
);

-- Opening a share page (a GET that link scanners make too) is not a share: only the advocate's click through is.
alter table link_events drop constraint link_events_kind_check;
alter table link_events add constraint link_events_kind_check check (kind in ('share', 'click', 'share_opened'));
