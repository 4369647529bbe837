/**
 * The data set of bench/admin-scale: what a programme of `advocates` gathers in `weeks` weekly digest runs,
 * generated inside PostgreSQL (generate_series and a seeded random(), so each shape is the same every run).
 *
 * Its shape follows issue 20's measurements of a 10,000-advocate year: ~96 items a week from 40 sources (a few
 * produce most: Zipf), half approved with their decision trail; every advocate's digest every week (~5 items
 * each); share pages opened, shares and clicks from those digests, where a fifth of the advocates make four
 * fifths of the shares, clicks come within hours or days of a share (so they cluster on recent items), repeat
 * visitors and link-preview bots among them, mail scanners opening share pages; suggestions; the points ledger
 * (from kaiku's own tally) and closed reward months. Only the tables of the first migrations are written, so the
 * same seed runs on the code before and after the rollups.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface SeedShape {
  advocates: number;
  /** Weekly digest runs of history before the current one; 0 is a programme in its first week. */
  weeks: number;
  /** The digest periods, oldest first: `weeks` of history, then the current one (the live run's). */
  periods: { key: string; startsAt: Date }[];
  zone: string;
}

export const SOURCE_COUNT = 40;
const BRANCHES: [string, number][] = [
  ['Health', 22],
  ['Schools', 18],
  ['Early education', 12],
  ['Libraries', 8],
  ['Culture', 7],
  ['Sports', 6],
  ['Environment', 6],
  ['Technical services', 5],
  ['City hall', 5],
  ['Social services', 5],
  ['Youth', 3],
  ['Elderly care', 3],
];
export const TOPICS = ['culture', 'jobs', 'health', 'city', 'schools', 'environment'];
const CONTENT_TYPES = ['news', 'blog', 'events', 'jobs', 'video', 'podcast'];
const AREAS = ['City', 'Library', 'Health centre', 'School', 'Museum', 'Sports', 'Harbour', 'Youth', 'Parks', 'Housing'];
const FIRST = [
  'Aino',
  'Eero',
  'Helmi',
  'Juho',
  'Kaisa',
  'Lauri',
  'Maija',
  'Niko',
  'Oona',
  'Pekka',
  'Saara',
  'Timo',
  'Ulla',
  'Ville',
  'Erik',
  'Linnea',
  'Sam',
  'Noor',
  'Ida',
  'Onni',
];
const LAST = [
  'Virtanen',
  'Korhonen',
  'Mäkinen',
  'Nieminen',
  'Hämäläinen',
  'Laine',
  'Heikkinen',
  'Koskinen',
  'Järvinen',
  'Lindqvist',
  'Lehtonen',
  'Saarinen',
  'Salo',
  'Turunen',
  'Taylor',
  'Rahimi',
  'Andersson',
  'Holm',
];
const WORDS = [
  'summer',
  'library',
  'jobs',
  'open',
  'day',
  'park',
  'school',
  'festival',
  'harbour',
  'health',
  'new',
  'week',
  'city',
  'museum',
  'youth',
  'sports',
  'river',
  'winter',
  'services',
  'apply',
  'concert',
  'market',
  'walk',
  'clinic',
  'reading',
];

/** The config's sources: ids, names, kinds of content and topics; disabled, so nothing is polled. */
export function benchSources(): Record<string, unknown>[] {
  return Array.from({ length: SOURCE_COUNT }, (_, i) => ({
    id: `src-${String(i + 1).padStart(2, '0')}`,
    kind: 'feed',
    name: `${AREAS[i % AREAS.length]} ${CONTENT_TYPES[i % CONTENT_TYPES.length]}${i >= AREAS.length ? ` ${Math.floor(i / AREAS.length) + 1}` : ''}`,
    url: `https://src-${i + 1}.bench.example/feed.xml`,
    topics: [TOPICS[i % TOPICS.length], TOPICS[(i * 7 + 3) % TOPICS.length]],
    language: ['fi', 'fi', 'sv', 'en'][i % 4],
    contentType: CONTENT_TYPES[i % CONTENT_TYPES.length],
    priority: 3 + (i % 5),
    enabled: false,
  }));
}

const textArray = (values: readonly string[]) => sql`array[${sql.join(values.map((v) => sql`${v}::text`))}]`;

/** Everything but the ledger and the reward months (those follow the tally): see `closeRewardMonths`. */
export async function seedProgramme(db: Kysely<Database>, shape: SeedShape, progress: (line: string) => void): Promise<void> {
  await db.connection().execute(async (conn) => {
    const run = async (what: string, query: ReturnType<typeof sql>) => {
      const started = performance.now();
      const result = await query.execute(conn);
      progress(`  ${what}: ${Number(result.numAffectedRows ?? 0).toLocaleString('en-US')} rows, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    };
    // One plan, one order of random() calls: the same data set each run.
    await sql`set max_parallel_workers_per_gather = 0`.execute(conn);
    await sql`set work_mem = '256MB'`.execute(conn);
    const seed = (value: number) => sql`select setseed(${value})`.execute(conn);
    try {
      await seedTables(conn, shape, run, seed);
    } finally {
      await sql`discard temp`.execute(conn);
    }
  });
}

async function seedTables(
  conn: Kysely<Database>,
  shape: SeedShape,
  run: (what: string, query: ReturnType<typeof sql>) => Promise<void>,
  seed: (value: number) => Promise<unknown>,
): Promise<void> {
  await sql`create temp table bench_branch_cdf as
    select name, sum(weight) over (order by n) / sum(weight) over () as hi
    from unnest(${textArray(BRANCHES.map(([name]) => name))}, ${sql`array[${sql.join(BRANCHES.map(([, weight]) => weight))}]`}::float8[]) with ordinality as b(name, weight, n)`.execute(
    conn,
  );
  await seed(0.11);
  await run(
    'advocates',
    sql`
    insert into advocates (email, name, language, time_zone, branch, topics, networks, mastodon_instance, show_name, unsubscribed_at, mail_state, bounces, created_at, last_digest_at)
    select 'advocate' || g || '@bench.example',
      (${textArray(FIRST)})[1 + (g * 7) % ${FIRST.length}] || ' ' || (${textArray(LAST)})[1 + (g * 13) % ${LAST.length}] || ' ' || g,
      case when r.lang < 0.7 then 'fi' when r.lang < 0.85 then 'sv' else 'en' end,
      'Europe/Helsinki',
      (select name from bench_branch_cdf where hi >= r.branch order by hi limit 1),
      case when r.topics < 0.25 then '[]'::jsonb
           else jsonb_build_array((${textArray(TOPICS)})[1 + (g % ${TOPICS.length})], (${textArray(TOPICS)})[1 + ((g / 3) % ${TOPICS.length})]) end,
      case when r.nets < 0.5 then '["linkedin"]'::jsonb when r.nets < 0.75 then '["linkedin","x"]'::jsonb when r.nets < 0.9 then '["linkedin","facebook"]'::jsonb
           else '["linkedin","bluesky","mastodon"]'::jsonb end,
      case when r.nets >= 0.9 then 'mastodon.social' end,
      r.shown < 0.3,
      case when r.gone < 0.02 then now() - interval '20 days' end,
      case when r.gone between 0.02 and 0.03 then 'bouncing' else 'ok' end,
      case when r.gone between 0.02 and 0.03 then 1 else 0 end,
      ${shape.periods[0]!.startsAt}::timestamptz - interval '30 days' * (1 + r.joined),
      case when ${shape.weeks} > 0 then ${shape.periods[shape.periods.length - 2]?.startsAt ?? null}::timestamptz end
    from generate_series(1, ${shape.advocates}) g
    cross join lateral (select random() as lang, random() as branch, random() as topics, random() as nets, random() as shown, random() as gone, random() as joined, g as anchor) r`,
  );
  // A fifth of the advocates are the programme's regular sharers.
  await sql`create temp table bench_activity as select id as advocate_id, (id * 2654435761) % 100 < 20 as heavy from advocates`.execute(conn);

  await sql`create temp table bench_periods (w int primary key, period text, starts_at timestamptz)`.execute(conn);
  await sql`insert into bench_periods select w - 1, period, starts_at from unnest(${textArray(shape.periods.map((p) => p.key))}, ${sql`array[${sql.join(
    shape.periods.map((p) => sql`${p.startsAt}::timestamptz`),
  )}]`}) with ordinality as t(period, starts_at, w)`.execute(conn);
  // Zipf over the 40 sources: the first eight produce about three quarters of the items.
  await sql`create temp table bench_source_cdf as
    select id, sum(1 / power(n, 1.2)) over (order by n) / sum(1 / power(n, 1.2)) over () as hi from
    (select id, row_number() over (order by id) as n from sources where id like 'src-%') s`.execute(conn);

  // Items: ~96 a week, each found in the week before its digest and decided before the digest went out; the
  // current week's 40 approved items (the live digest's) and 60 waiting for approval.
  await seed(0.22);
  await sql`create temp table bench_items as
    select w, n, src.id as source_id, p.starts_at,
      case when w = ${shape.weeks} then (case when n <= 40 then 'approved' else 'pending' end)
           when r.state < 0.49 then 'approved' when r.state < 0.79 then 'rejected' else 'expired' end as state,
      case when w = ${shape.weeks} then now() - interval '3 days' + interval '40 hours' * r.found
           else p.starts_at - interval '7 days' + interval '100 hours' * r.found end as discovered_at,
      r.decide, r.title1, r.title2, r.title3, r.tagged, r.edited, r.via, r.reminded, r.two
    from bench_periods p
    cross join lateral generate_series(1, case when p.w = ${shape.weeks} then 100 else 80 + (p.w * 7919) % 33 end) n
    cross join lateral (select random() as pick, random() as state, random() as found, random() as decide, random() as title1, random() as title2, random() as title3,
                               random() as tagged, random() as edited, random() as via, random() as reminded, random() as two, n as anchor) r
    cross join lateral (select c.id from bench_source_cdf c where c.hi >= r.pick order by c.hi limit 1) src`.execute(conn);
  await run(
    'items',
    sql`
    insert into items (id, url, source_id, title, summary, image_url, author, language, topics, categories, published_at, state, approval_started_at, discovered_at,
                       captions, decided_by, decided_at, decided_via, decision_reason, expires_at)
    select 'itm_' || substr(encode(sha256(convert_to(u.url, 'UTF8')), 'hex'), 1, 24), u.url, b.source_id,
      initcap(t.words), 'What is new at the ' || lower(t.words) || ', and how to take part.', 'https://images.bench.example/' || b.w || '-' || b.n || '.jpg', null,
      s.settings -> 'settings' ->> 'language', s.topics, '[]', b.discovered_at - interval '2 hours', b.state, b.discovered_at + interval '1 minute', b.discovered_at,
      case when b.state = 'approved' then jsonb_build_object(
        'language', coalesce(s.settings -> 'settings' ->> 'language', 'fi'), 'edited', b.edited < 0.1,
        'networks', jsonb_build_object('linkedin', initcap(t.words) || case when b.tagged < 0.8 then ' #BenchCity' else '' end, 'x', t.words || ' #BenchCity',
          'facebook', initcap(t.words), 'bluesky', t.words, 'mastodon', t.words || ' #BenchCity')) end,
      case when b.state in ('approved', 'rejected') then (array['ada@bench.example', 'bo@bench.example', 'cai@bench.example'])[1 + (b.n % 3)] end,
      case when b.state = 'expired' then b.discovered_at + interval '3 days'
           when b.state in ('approved', 'rejected') and b.w = ${shape.weeks} then now() - interval '2 days' + interval '46 hours' * b.decide
           when b.state in ('approved', 'rejected') then b.discovered_at + interval '1 hour' + interval '40 hours' * b.decide * b.decide end,
      case when b.state = 'expired' then 'system' when b.state in ('approved', 'rejected') then (array['email', 'link', 'admin', 'slack'])[1 + floor(b.via * 4)::int] end,
      case when b.state = 'rejected' and b.via < 0.5 then 'Not for our audience' end,
      null
    from bench_items b
    join sources s on s.id = b.source_id
    cross join lateral (select (${textArray(WORDS)})[1 + floor(b.title1 * ${WORDS.length})::int] || ' ' || (${textArray(WORDS)})[1 + floor(b.title2 * ${WORDS.length})::int] || ' '
                               || (${textArray(WORDS)})[1 + floor(b.title3 * ${WORDS.length})::int] || ' ' || b.w || '.' || b.n as words) t
    cross join lateral (select 'https://' || b.source_id || '.bench.example/articles/' || b.w || '-' || b.n as url) u
    order by b.discovered_at`,
  );
  await run(
    'item_sources',
    sql`insert into item_sources (item_id, source_id, guid, seen_url, first_seen_at) select id, source_id, url, url, discovered_at from items where source_id like 'src-%'`,
  );
  await run(
    'approval events',
    sql`
    insert into approval_events (key, item_id, kind, actor, recipient, channel, message_id, detail, at)
    select i.id || ':' || coalesce(e.recipient, e.actor) || ':' || e.kind, i.id, e.kind, e.actor, e.recipient, e.channel, null, e.detail, e.at
    from items i
    cross join lateral (values
      ('requested', 'kaiku', 'ada@bench.example', 'email', '{}'::jsonb, i.approval_started_at, true),
      ('requested', 'kaiku', 'bo@bench.example', 'email', '{}'::jsonb, i.approval_started_at, (hashtext(i.id) & 7) < 3),
      ('reminded', 'kaiku', 'ada@bench.example', 'email', '{}'::jsonb, i.approval_started_at + interval '1 day',
         (hashtext(i.id) & 15) < 4 and coalesce(i.decided_at, now()) > i.approval_started_at + interval '1 day'),
      (i.state, coalesce(i.decided_by, 'kaiku'), null, coalesce(i.decided_via, 'system'), case when i.decision_reason is not null then jsonb_build_object('reason', i.decision_reason) else '{}' end,
         i.decided_at, i.state in ('approved', 'rejected', 'expired')),
      ('confirmed', 'kaiku', i.decided_by, 'email', '{}'::jsonb, i.decided_at + interval '1 second', i.state = 'approved')
    ) e(kind, actor, recipient, channel, detail, at, wanted)
    where e.wanted and i.source_id like 'src-%'`,
  );
  if (shape.weeks === 0) return;

  // Every advocate's digest every week: ~5 of the week's approved items, a window at a random offset.
  await seed(0.33);
  await sql`create temp table bench_week_items as
    select p.w, row_number() over (partition by p.w order by i.id) - 1 as pos, count(*) over (partition by p.w) as n, i.id as item_id
    from bench_periods p join bench_items b on b.w = p.w
    join items i on i.url = 'https://' || b.source_id || '.bench.example/articles/' || b.w || '-' || b.n
    where p.w < ${shape.weeks} and i.state = 'approved'`.execute(conn);
  await sql`create index on bench_week_items (w, pos)`.execute(conn);
  await sql`create temp table bench_digests as
    select a.id as advocate_id, p.w, p.period, p.starts_at + interval '1 second' * (a.id % 3600) as sent_at, floor(random() * wk.n)::int as offset_, 4 + floor(random() * 3)::int as k,
      case when random() < case when act.heavy then 0.6 else 0.3 end then interval '1 minute' + interval '48 hours' * random() * random() end as opened_after,
      wk.n
    from bench_periods p
    join (select w, max(n) as n from bench_week_items group by w) wk on wk.w = p.w
    cross join advocates a join bench_activity act on act.advocate_id = a.id
    where p.w < ${shape.weeks}`.execute(conn);
  await sql`create temp table bench_digest_items as
    select d.advocate_id, d.w, wi.item_id, d.sent_at from bench_digests d
    cross join lateral generate_series(0, d.k - 1) j
    join bench_week_items wi on wi.w = d.w and wi.pos = (d.offset_ + j) % d.n`.execute(conn);
  await run(
    'digests',
    sql`
    insert into digests (advocate_id, period, state, item_ids, message_id, attempts, planned_at, sent_at, opened_at)
    select d.advocate_id, d.period, 'sent', x.items, '<digest.' || d.advocate_id || '.' || d.period || '@bench.example>', 1, d.sent_at - interval '5 minutes', d.sent_at,
      d.sent_at + d.opened_after
    from bench_digests d
    join (select advocate_id, w, jsonb_agg(item_id) as items from bench_digest_items group by 1, 2) x on x.advocate_id = d.advocate_id and x.w = d.w
    order by d.w, d.advocate_id`,
  );
  await run(
    'digest items',
    sql`
    insert into digest_items (advocate_id, item_id, digest_id)
    select di.advocate_id, di.item_id, dg.id from bench_digest_items di
    join bench_periods p on p.w = di.w
    join digests dg on dg.advocate_id = di.advocate_id and dg.period = p.period`,
  );

  // Shares: each digest item is opened on a share page with a chance that is 16 times higher for the regular
  // sharers (so they make 80 % of the shares), three times in four it goes on to the network's dialog.
  await seed(0.44);
  await sql`create temp table bench_shares as
    select row_number() over () as share_no, di.advocate_id, di.item_id, a.networks ->> floor(random() * jsonb_array_length(a.networks))::int as network,
      di.sent_at + interval '10 minutes' + interval '72 hours' * random() * random() as opened_at, random() < 0.75 as shared, random() as again
    from bench_digest_items di join bench_activity act on act.advocate_id = di.advocate_id join advocates a on a.id = di.advocate_id
    where random() < case when act.heavy then 0.0704 else 0.0044 end`.execute(conn);
  await sql`create temp table bench_events (kind text, advocate_id bigint, item_id text, network text, visitor text, bot boolean, at timestamptz)`.execute(
    conn,
  );
  await run(
    'share pages opened and shares',
    sql`
    insert into bench_events
    select 'share_opened', advocate_id, item_id, network, null, false, opened_at from bench_shares
    union all select 'share_opened', advocate_id, item_id, network, null, false, opened_at + interval '1 day' * again from bench_shares where again < 0.3
    union all select 'share', advocate_id, item_id, network, null, false, opened_at + interval '20 seconds' from bench_shares where shared`,
  );
  await run(
    'share pages opened by mail scanners',
    sql`insert into bench_events select 'share_opened', advocate_id, item_id, 'linkedin', null, true, sent_at + interval '3 seconds' from bench_digest_items where random() < 0.02`,
  );
  // Clicks on a shared post: mostly within the first day (so they cluster on the newest items), some repeat
  // visitors, link-preview bots among them, and a third with no referrer to tell the network.
  await seed(0.55);
  await run(
    'clicks',
    sql`
    insert into bench_events
    select 'click', s.advocate_id, s.item_id, case when r.referred < 0.7 then s.network end,
      substr(md5(s.share_no || ':' || case when r.repeat < 0.15 then 0 else c end), 1, 16), r.bot < 0.08,
      s.opened_at + interval '1 minute' + interval '18 hours' * -ln(1 - r.delay)
    from bench_shares s
    cross join lateral generate_series(1, floor(-ln(1 - random()) * 10.5)::int) c
    cross join lateral (select random() as referred, random() as repeat, random() as bot, random() as delay, c as anchor) r
    where s.shared`,
  );
  await run(
    'link events',
    sql`insert into link_events (kind, advocate_id, item_id, network, visitor, bot, at) select * from bench_events where at < now() order by at`,
  );
  // Links advocates suggested, a few a week, each credited to an approved item.
  await run(
    'suggestions',
    sql`
    insert into suggestions (key, advocate_id, url, via, state, item_id, created_at, decided_at)
    select 'bench:' || i.id, (select advocate_id from bench_activity where heavy order by advocate_id offset (hashtext(i.id) & 1023) % greatest(1, (select count(*) from bench_activity where heavy)) limit 1),
      i.url, 'form', 'duplicate', i.id, i.discovered_at - interval '1 hour', i.discovered_at
    from items i where i.state = 'approved' and (hashtext(i.id) & 31) = 0 and i.decided_at < now() - interval '7 days'`,
  );
}

/** The reward months of the history, each closed with its top three and one drawn winner, as the cycle records them. */
export async function closeRewardMonths(db: Kysely<Database>, months: { month: string; from: Date; to: Date }[]): Promise<void> {
  for (const { month, from, to } of months) {
    await sql`insert into reward_months (month, rule, closed_at) values (${month}, ${JSON.stringify({ topN: 3, draw: { threshold: 50, winners: 1 }, from, to })}, ${to})`.execute(
      db,
    );
    await sql`
      insert into reward_winners (month, advocate_id, kind, rank, points)
      select ${month}, advocate_id, case when n <= 3 then 'top' else 'draw' end, case when n <= 3 then n else 1 end, total from (
        select advocate_id, total, row_number() over (order by total desc, advocate_id) as n from (
          select advocate_id, sum(points) as total from points where at >= ${from} and at < ${to} group by advocate_id) t) r
      where n <= 3 or n = 20`.execute(db);
  }
}
