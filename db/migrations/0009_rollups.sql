-- Rollups: the analytics and the leaderboards kept up to date as events arrive, so that a page reads a few
-- thousand rows whatever the length of the history. The points tally (db/queries/points.ts) keeps them, each in
-- the same transaction as the cursor that says how far it has read; replaying events (a cursor rolled back)
-- changes none of them, and they hold no personal data: they are what the raw link events are folded into when
-- the privacy retention deletes those (issue 19).
--
-- Days are the programme's time zone's calendar days (program.timeZone at the time of the tally). Retention
-- may delete link events of a day once the `analytics` cursor below has passed that day's last event id:
--   delete from link_events where at < <cutoff, a local midnight> and id <= (select last_event_id from points_cursor where name = 'analytics')
-- The rollups need nothing of a deleted event afterwards: a click is "unique" when no earlier click of the same
-- (advocate, item, visitor) exists, and a visitor's hash includes the UTC day, so it never recurs a day later.

-- Link events per day and dimension: share pages opened (link scanners open them too), shares (going on to
-- the network's dialog, never a bot's) and unique human clicks (bots and repeats left out), as analytics counts
-- them. `key` is the source id, the advocate's branch (null: none) or the network (null: the page that sent
-- the visitor did not say). Content type is read from the source at report time, as before.
create table analytics_daily (
  dimension text not null check (dimension in ('source', 'branch', 'network')),
  day date not null,
  key text,
  opened integer not null default 0,
  shares integer not null default 0,
  clicks integer not null default 0,
  -- The last link event folded into this row: a replayed event (id at or below it) is not counted again.
  through_event_id bigint not null,
  constraint analytics_daily_key unique nulls not distinct (dimension, day, key)
);

-- The same per item, day and network: the item page's shares and clicks.
create table item_daily (
  item_id text not null references items (id),
  day date not null,
  network text,
  opened integer not null default 0,
  shares integer not null default 0,
  clicks integer not null default 0,
  through_event_id bigint not null,
  constraint item_daily_key unique nulls not distinct (item_id, day, network)
);

-- The digest funnel per day sent and digest run (period): sent, opened (its images loaded, or one of its items
-- shared from it) and shared (one of its items shared after it went).
create table digest_funnel_daily (
  day date not null,
  period text not null,
  sent integer not null default 0,
  opened integer not null default 0,
  shared integer not null default 0,
  primary key (day, period)
);

-- How many digests of each run carried an item: the item page's "where it went".
create table item_digests (
  item_id text not null references items (id),
  period text not null,
  digests integer not null,
  primary key (item_id, period)
);

-- What the funnel has counted of each digest (0 nothing, 1 sent, 2 opened, 3 shared), and when one of its items
-- was first shared after it went: each step is counted once, whatever is replayed.
alter table digests add column shared_at timestamptz;
alter table digests add column funnel_counted smallint not null default 0 check (funnel_counted between 0 and 3);
-- The digests the funnel has yet to count: small, as each leaves it once counted.
create index digests_funnel_due_idx on digests (id)
  where state = 'sent' and (funnel_counted = 0 or (funnel_counted < 2 and opened_at is not null) or (funnel_counted < 3 and shared_at is not null));

-- The analytics' own cursor over link_events, beside the points': it starts at 0, so the first tallies after
-- this migration fold the history there is.
insert into points_cursor (name, last_event_id) values ('analytics', 0);

-- Leaderboards: each advocate's total per period (the programme's weeks and months, and all time), kept with the
-- ledger. A period's row is made the first time a point falls in it, its totals summed from the ledger then.
create table point_periods (
  id serial primary key,
  kind text not null check (kind in ('week', 'month', 'all')),
  starts_at timestamptz,
  ends_at timestamptz,
  constraint point_periods_window unique nulls not distinct (starts_at, ends_at)
);

create table point_totals (
  period_id integer not null references point_periods (id),
  advocate_id bigint not null references advocates (id),
  points integer not null,
  -- The advocate's first point in the period: who got there first ranks first among equals.
  first_at timestamptz not null,
  primary key (period_id, advocate_id)
);

create index point_totals_board_idx on point_totals (period_id, points desc, first_at, advocate_id);

-- Is this click the first of its advocate, item and visitor? (the rollups' unique clicks)
create index link_events_click_visitor_idx on link_events (advocate_id, item_id, visitor, id) where kind = 'click' and not bot and visitor is not null;
-- A digest's first share of one of its items after it went (the funnel's first count of a digest): by advocate
-- and item, not by item alone, whose shares grow with its popularity.
create index link_events_share_idx on link_events (advocate_id, item_id, at) where kind = 'share' and not bot;
-- A digest's items: the funnel's first count of a digest, and a failed digest's items released (digests.markFailed).
create index digest_items_digest_idx on digest_items (digest_id);
