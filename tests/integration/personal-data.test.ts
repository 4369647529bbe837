import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStore, type Store } from '../../db/store.js';
import { NO_PERSONAL_DATA, PERSONAL_DATA } from '../../db/personal-data.js';
import { itemIdFor } from '../../activities/normalize-item.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { testConfig, testConfigInput } from '../helpers/harness.js';

// db/personal-data.ts against the real schema (a migrated database, read from information_schema): every table
// is listed once, as holding personal data or not, and every column of a listed table is classified as
// personal or not, so a migration that adds one fails here until it is. Then an advocate with a value of her
// own in every personal column is erased, and no such column holds anything of hers (what an erasure keeps is
// named, with the reason, in the list), while another advocate's values stay.

const ULLA = { email: 'ulla.listed@testcity.example', name: 'Ulla Listed' };
const VILLE = { email: 'ville.kept@testcity.example', name: 'Ville Kept' };
const URL = 'https://news.testcity.example/library-opens';
// Values only Ulla has, one or more in each personal column.
const ULLAS = [
  ULLA.email,
  ULLA.name,
  'America/Nuuk',
  'ulla-topic',
  '["mastodon"]',
  'mastodon.ulla.example',
  '2099-01-01',
  '2098-02-02',
  'ext-ulla',
  'dept-ulla',
  'visitor-of-ulla',
  'digest-ulla',
  'mailbox ulla',
  'ulla.blog.example',
  'from ulla',
  'nudge-ulla',
  'relay refused ulla',
  'outbox-ulla',
  'inbound-ulla',
  'reply-from-ulla',
];
// Personal columns of advocates' tables that cannot hold a value of hers in this seed, and why.
const NOT_SEEDED: Record<string, string> = {
  'inbound_mail.envelope_to': "kaiku's own reply address",
};

describe.each(DATABASE_KINDS)('the personal-data list on %s', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let ulla = '';
  let ville = '';
  let columns = new Map<string, Map<string, string>>();

  /** A column's values as text (bytea read as text, not as hex). */
  async function valuesOf(table: string, column: string): Promise<string[]> {
    const type = columns.get(table)!.get(column);
    const value = type === 'bytea' ? sql`encode(${sql.ref(column)}, 'escape')` : sql`${sql.ref(column)}::text`;
    const rows = await sql<{ v: string | null }>`select ${value} as v from ${sql.table(table)}`.execute(db.database.db);
    return rows.rows.map((r) => r.v ?? '');
  }

  /** The personal columns an erasure must empty of her values, each as table.column. */
  const checked = () =>
    PERSONAL_DATA.filter((t) => t.subject !== 'admin').flatMap((t) =>
      t.personal.filter((c) => !(t.keptOnErasure && c in t.keptOnErasure) && c !== 'advocate_id').map((c) => [t.table, c] as const),
    );

  async function holdingHers(): Promise<string[]> {
    const found: string[] = [];
    for (const [table, column] of checked()) {
      const values = (await valuesOf(table, column)).join('\n').toLowerCase();
      const hers = ULLAS.filter((value) => values.includes(value.toLowerCase()));
      if (hers.length > 0) found.push(`${table}.${column}: ${hers.join(', ')}`);
    }
    return found;
  }

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    store = createStore(db.database.db);
    const rows = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select c.table_name, c.column_name, c.data_type from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = current_schema()`.execute(db.database.db);
    columns = new Map();
    for (const row of rows.rows) {
      if (!columns.has(row.table_name)) columns.set(row.table_name, new Map());
      columns.get(row.table_name)!.set(row.column_name, row.data_type);
    }

    const { config } = await testConfig(testConfigInput([{ id: 'news', kind: 'feed', url: 'https://news.testcity.example/feed.xml' }]));
    await store.sources.sync(config.sources);
    const item = itemIdFor(URL);
    await store.items.insertNew([
      {
        id: item,
        url: URL,
        source_id: 'news',
        title: 'The library opens',
        summary: null,
        image_url: null,
        author: null,
        language: 'fi',
        topics: '[]',
        categories: '[]',
        published_at: new Date('2026-11-20T10:00:00Z'),
        approval_started_at: null,
      },
    ]);
    await store.advocates.upsert([
      {
        ...ULLA,
        language: 'fi',
        timeZone: 'America/Nuuk',
        branch: 'Library',
        topics: ['ulla-topic'],
        networks: ['mastodon'],
        mastodonInstance: 'mastodon.ulla.example',
      },
      { ...VILLE, language: 'da', timeZone: 'Europe/Copenhagen', branch: 'Schools', topics: ['culture'], networks: ['linkedin'], mastodonInstance: null },
    ]);
    ulla = String((await store.advocates.byEmail(ULLA.email))!.id);
    ville = String((await store.advocates.byEmail(VILLE.email))!.id);
    const d = db.database.db;
    await d.updateTable('advocates').set({ paused_until: '2099-01-01', nudges_snoozed_until: '2098-02-02' }).where('id', '=', ulla).execute();
    await d.insertInto('scim_users').values({ advocate_id: ulla, user_name: ULLA.email, external_id: 'ext-ulla', branch_attribute: 'dept-ulla' }).execute();
    await d.insertInto('scim_users').values({ advocate_id: ville, user_name: VILLE.email, external_id: 'ext-ville', branch_attribute: 'dept-ville' }).execute();
    await d.insertInto('scim_groups').values({ id: 'g1', display_name: 'Library' }).execute();
    await d
      .insertInto('scim_group_members')
      .values([
        { group_id: 'g1', advocate_id: ulla },
        { group_id: 'g1', advocate_id: ville },
      ])
      .execute();
    for (const [id, who, address] of [
      [ulla, 'ulla', ULLA.email],
      [ville, 'ville', VILLE.email],
    ] as const) {
      // An urgent send that mailed them (the console's Send now).
      await store.urgent.create({ id: `urgent-${who}`, itemId: item, actor: 'ada@testcity.example', segment: { kind: 'all', values: [] } });
      await store.urgent.plan(`urgent-${who}`, [id], {});
      await d
        .insertInto('digests')
        .values({
          advocate_id: id,
          period: '2026-W48',
          state: 'sent',
          sent_at: new Date('2026-11-23T06:30:00Z'),
          item_ids: JSON.stringify([item]),
          message_id: `<digest-${who}@kaiku.test>`,
          error: `550 mailbox ${who} full`,
        })
        .execute();
      await d
        .insertInto('link_events')
        .values({ kind: 'click', advocate_id: id, item_id: item, network: 'linkedin', visitor: `visitor-of-${who}` })
        .execute();
      await d
        .insertInto('inbound_mail')
        .values({
          dedup_key: `inbound-${who}`,
          via: 'smtp',
          envelope_from: address,
          envelope_to: JSON.stringify(['suggest@kaiku.test']),
          raw: new TextEncoder().encode(`From: ${address}\r\n\r\nhello`),
          size: 40,
          sender: address,
          detail: `a suggestion from ${address}`,
        })
        .execute();
      // The dev catcher's copy of a digest to them, and of a reply they sent from the outbox page.
      await d
        .insertInto('outbox_mail')
        .values([
          {
            message_id: `<outbox-${who}@kaiku.test>`,
            envelope_from: 'kaiku@kaiku.test',
            envelope_to: JSON.stringify([address]),
            subject: `Your digest, ${who === 'ulla' ? ULLA.name : VILLE.name}`,
            raw: new TextEncoder().encode(`To: ${address}\r\n\r\nhello`),
          },
          {
            message_id: `<reply-from-${who}@kaiku.test>`,
            envelope_from: address,
            envelope_to: JSON.stringify(['suggest@kaiku.test']),
            subject: 'Re: your digest',
            raw: new TextEncoder().encode(`From: ${address}\r\n\r\nhello`),
            inbound: true,
          },
        ])
        .execute();
      // An admin's edit in the console: the trail quotes them before and after.
      await store.audit.record({
        actor: 'ada@testcity.example',
        entity: 'advocate',
        entityId: id,
        action: 'edited',
        before: { email: address, name: who === 'ulla' ? ULLA.name : VILLE.name },
        after: { email: address, name: `${who === 'ulla' ? ULLA.name : VILLE.name} (${who})` },
      });
      await store.engagement.suggest({ key: `suggest:${who}`, advocateId: id, url: `https://${who}.blog.example/me`, via: 'email', note: `from ${who}` });
      await store.engagement.beginMail({ key: `nudge:${who}`, kind: 'nudge', recipient: address, messageId: `<nudge-${who}@kaiku.test>` });
      await d
        .updateTable('keyed_mail')
        .set({ error: `451 relay refused ${who}` })
        .where('key', '=', `nudge:${who}`)
        .execute();
    }
    await store.points.tally({ share: 5, click: 1, clickCapPerItem: 10, suggestionApproved: 0 }, 100, 'Europe/Helsinki');
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
  });

  test('every table of the migrated schema is listed once: with its personal columns, or as holding none', () => {
    const listed = [...PERSONAL_DATA.map((t) => t.table), ...Object.keys(NO_PERSONAL_DATA)];
    expect(listed.filter((table, index) => listed.indexOf(table) !== index)).toEqual([]);
    expect([...columns.keys()].filter((table) => !listed.includes(table)).sort()).toEqual([]);
    expect(listed.filter((table) => !columns.has(table))).toEqual([]);
  });

  test('every column of a listed table is classified, personal or not, and the list names no column that does not exist', () => {
    for (const entry of PERSONAL_DATA) {
      const actual = [...columns.get(entry.table)!.keys()].sort();
      const named = [...entry.personal, ...entry.other];
      expect(
        named.filter((c, i) => named.indexOf(c) !== i),
        `${entry.table} names a column twice`,
      ).toEqual([]);
      expect(
        actual.filter((c) => !named.includes(c)),
        `${entry.table}: columns to classify in db/personal-data.ts`,
      ).toEqual([]);
      expect(
        named.filter((c) => !actual.includes(c)),
        `${entry.table}: listed columns that do not exist`,
      ).toEqual([]);
      for (const kept of Object.keys(entry.keptOnErasure ?? {})) expect(entry.personal, `${entry.table}.${kept} kept on erasure`).toContain(kept);
    }
  });

  test("after erase, no personal column holds anything of hers and her id is in none of the directory's tables; Ville's stay", async () => {
    // An earlier request of hers, declined with a reason naming her: the erasure must clear it too.
    await store.privacy.requestErasure(ulla);
    expect(await store.privacy.declineErasure(ulla, 'ada@testcity.example', `${ULLA.name}'s payroll records are kept for six years`)).toBe(true);
    // Before: every checked column holds a value of hers (so the check below can fail), and of his.
    const before = new Set((await holdingHers()).map((line) => line.split(':')[0]));
    expect(checked().filter(([t, c]) => !before.has(`${t}.${c}`) && !NOT_SEEDED[`${t}.${c}`])).toEqual([]);
    const villeBefore = await Promise.all(checked().map(([t, c]) => valuesOf(t, c)));

    expect(await store.transaction((s) => s.privacy.erase(ulla, 'advocate'))).toBe(true);

    expect(await holdingHers()).toEqual([]);
    const deletedWithHer = PERSONAL_DATA.filter((t) => t.personal.includes('advocate_id') && !t.keptOnErasure?.advocate_id).map((t) => t.table);
    expect(deletedWithHer).toEqual(['scim_group_members', 'urgent_mails']);
    for (const table of [...deletedWithHer, 'scim_users']) {
      const left = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where advocate_id = ${ulla}`.execute(db.database.db);
      expect(Number(left.rows[0]!.n), table).toBe(0);
    }
    // Ville's values are all still there: each checked column holds what it held, less only what was hers.
    const villeAfter = await Promise.all(checked().map(([t, c]) => valuesOf(t, c)));
    villeBefore.forEach((values, index) => {
      const his = values.filter((v) => v.toLowerCase().includes('ville'));
      expect(villeAfter[index], checked()[index]!.join('.')).toEqual(expect.arrayContaining(his));
    });
  });
});
