import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../server/app.js';
import { createStore, type Store } from '../../db/store.js';
import { Secret } from '../../rules/tokens/secret.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { testConfig, testConfigInput } from '../helpers/harness.js';
import { allRowVersions } from '../helpers/snapshot.js';
import { MAX_REQUEST_BODY } from '../../server/body-limit.js';

// kaiku's SCIM 2.0 service provider, replaying the requests Entra ID's provisioning service sends (the shapes of
// Microsoft's "Develop and plan provisioning for a SCIM endpoint": the query by userName before a create, the POST
// with the enterprise extension, PATCH of attributes and of `active`, groups created empty and filled by PATCH of
// members in batches, removal by value and by path filter, DELETE), then bad input. Each step asserts the store.

const TOKEN = 'scim-test-token-'.repeat(3);
const HEALTH_GROUP_EXTERNAL = '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159';

describe.each(DATABASE_KINDS)('SCIM on %s', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let server: ServerType;
  let base = '';
  /** Every line kaiku logged, to check the token never appears in one. */
  const logLines: string[] = [];
  const snapshot = () => allRowVersions(db.database.db);

  async function scim(method: string, path: string, body?: unknown, token = TOKEN) {
    const response = await fetch(`${base}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  }
  /** The tables and rows (as text) in which `needle` appears, case-insensitively: personal data left behind. */
  async function rowsHolding(needle: string): Promise<string[]> {
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db.database.db);
    const found: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(db.database.db);
      for (const { row } of rows.rows) if (row.toLowerCase().includes(needle.toLowerCase())) found.push(`${name}: ${row}`);
    }
    return found;
  }

  /** Sends `bytes` of JSON-ish padding to `path` with a valid token, with a Content-Length or chunked; resolves with the answer. */
  function upload(path: string, bytes: number, framing: 'length' | 'chunked'): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${base}/scim/v2${path}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/scim+json',
          ...(framing === 'length' ? { 'content-length': String(bytes) } : {}),
        },
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      // the server closing the connection mid-upload is the expected end; the answer came first
      req.on('error', (error: NodeJS.ErrnoException) => (['ECONNRESET', 'EPIPE'].includes(error.code ?? '') ? undefined : reject(error)));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < bytes) {
          const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
          sent += part.length;
          if (!req.write(part)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
  }

  const filter = (expression: string) => `?filter=${encodeURIComponent(expression)}`;
  const advocate = async (id: string) => (await store.advocates.get(id))!;

  /** The body Entra's provisioning service POSTs for a user (its default attribute mappings). */
  const entraUser = (n: string, extra: Record<string, unknown> = {}) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    externalId: `0a21f0f2-8d2a-4f8e-bf98-${n.padStart(12, '0')}`,
    userName: `user${n}@testcity.example`,
    active: true,
    emails: [{ primary: true, type: 'work', value: `user${n}@testcity.example` }],
    meta: { resourceType: 'User' },
    name: { formatted: `User ${n} Tester`, familyName: 'Tester', givenName: `User ${n}` },
    preferredLanguage: 'fi-FI',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Health' },
    roles: [],
    ...extra,
  });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    store = createStore(db.database.db);
    const { config } = await testConfig(testConfigInput([], { scim: { groups: [{ group: 'kaiku-culture-news', topics: ['culture'] }] } }));
    const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
    const app = createApp({ store, database: db.database, config, secret: new Secret('s'.repeat(40)), scimToken: TOKEN, demo: false, log });
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    server?.close();
    await db?.drop();
  });

  test('discovery: ServiceProviderConfig says PATCH and filters are supported; ResourceTypes and Schemas list User and Group', async () => {
    const config = await scim('GET', '/ServiceProviderConfig');
    expect(config.status).toBe(200);
    expect(config.type).toMatch(/^application\/scim\+json/);
    expect(config.body).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 200 }, bulk: { supported: false } });
    expect(config.body!.authenticationSchemes[0]).toMatchObject({ type: 'oauthbearertoken' });
    const types = await scim('GET', '/ResourceTypes');
    expect(types.body!.Resources.map((r: { name: string }) => r.name).sort()).toEqual(['Group', 'User']);
    const schemas = await scim('GET', '/Schemas');
    expect(schemas.body!.Resources.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining([
        'urn:ietf:params:scim:schemas:core:2.0:User',
        'urn:ietf:params:scim:schemas:core:2.0:Group',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      ]),
    );
  });

  let first = '';
  test("a user's first provisioning: the query by userName finds nobody, the POST creates the advocate, the same query then finds them", async () => {
    const none = await scim('GET', `/Users${filter('userName eq "user1@testcity.example"')}`);
    expect(none).toMatchObject({ status: 200, body: { totalResults: 0, Resources: [], startIndex: 1 } });
    const created = await scim('POST', '/Users', entraUser('1'));
    expect(created.status).toBe(201);
    first = created.body!.id;
    expect(created.body).toMatchObject({ userName: 'user1@testcity.example', active: true, externalId: '0a21f0f2-8d2a-4f8e-bf98-000000000001' });
    expect(await advocate(first)).toMatchObject({
      email: 'user1@testcity.example',
      name: 'User 1 Tester',
      language: 'fi',
      time_zone: 'Europe/Helsinki',
      branch: 'Health',
    });
    const found = await scim('GET', `/Users${filter('userName eq "USER1@testcity.example"')}`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: first }] });
    const byExternal = await scim('GET', `/Users${filter('externalId eq "0a21f0f2-8d2a-4f8e-bf98-000000000001"')}`);
    expect(byExternal.body!.Resources.map((r: { id: string }) => r.id)).toEqual([first]);
    expect((await scim('GET', `/Users/${first}`)).body).toMatchObject({ id: first, emails: [{ value: 'user1@testcity.example', primary: true }] });
  });

  test('an advocate already on the roster (a CSV import) is adopted by the POST with their email, not duplicated', async () => {
    await store.advocates.upsert([
      {
        email: 'user2@testcity.example',
        name: 'From CSV',
        language: 'sv',
        timeZone: 'Europe/Helsinki',
        branch: null,
        topics: ['jobs'],
        networks: ['x'],
        mastodonInstance: null,
      },
    ]);
    const before = (await store.advocates.byEmail('user2@testcity.example'))!;
    const created = await scim('POST', '/Users', entraUser('2'));
    expect(created.status).toBe(201);
    expect(created.body!.id).toBe(String(before.id));
    expect(await advocate(before.id)).toMatchObject({ name: 'User 2 Tester', branch: 'Health', networks: ['x'], topics: ['jobs'] });
  });

  test("PATCH of a user's work email and family name (Entra's multi-valued path filter) updates the advocate", async () => {
    const patched = await scim('PATCH', `/Users/${first}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'user1.new@testcity.example' },
        { op: 'Replace', path: 'name.formatted', value: 'User 1 Renamed' },
      ],
    });
    expect(patched.status).toBe(200);
    expect(await advocate(first)).toMatchObject({ email: 'user1.new@testcity.example', name: 'User 1 Renamed' });
  });

  test('PATCH active=false pauses the advocate at once (no digest is planned for them); "True" as Entra once sent it brings them back', async () => {
    const disabled = await scim('PATCH', `/Users/${first}`, {
      Operations: [{ op: 'Replace', path: 'active', value: false }],
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ active: false });
    expect(await advocate(first)).toMatchObject({ mail_state: 'paused' });
    await store.digests.planRun({
      workflowId: 'scim-test',
      workflowRunId: 'scim-test',
      tickAt: new Date('2026-12-01T06:30:00Z'),
      forced: false,
      groups: [{ time_zone: 'Europe/Helsinki', frequency: 'weekly', period: 'scim-test', localDate: '2026-12-01' }],
      batchSizeFor: () => 100,
    });
    const planned = await db.database.db.selectFrom('digests').select('advocate_id').where('period', '=', 'scim-test').execute();
    expect(planned.map((d) => d.advocate_id)).not.toContain(first);
    await db.database.db.deleteFrom('digests').where('period', '=', 'scim-test').execute();

    const enabled = await scim('PATCH', `/Users/${first}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: 'True' }],
    });
    expect(enabled.body).toMatchObject({ active: true });
    expect(await advocate(first)).toMatchObject({ mail_state: 'ok' });
  });

  test('PUT replaces what the directory owns of a user: email, name, language, time zone, branch; their points stay', async () => {
    await db.database.db
      .insertInto('points')
      .values({ key: `test-put:${first}`, advocate_id: first, reason: 'share', points: 7, at: new Date() })
      .execute();
    const replaced = await scim(
      'PUT',
      `/Users/${first}`,
      entraUser('1', {
        emails: [{ primary: true, type: 'work', value: 'user1.put@testcity.example' }],
        name: { formatted: 'User 1 Replaced' },
        preferredLanguage: 'sv-FI',
        timezone: 'Europe/Stockholm',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Schools' },
      }),
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: first, userName: 'user1@testcity.example', emails: [{ value: 'user1.put@testcity.example' }] });
    expect(await advocate(first)).toMatchObject({
      email: 'user1.put@testcity.example',
      name: 'User 1 Replaced',
      language: 'sv',
      time_zone: 'Europe/Stockholm',
      branch: 'Schools',
      mail_state: 'ok',
    });
    expect((await store.points.forAdvocate(first)).map((p) => p.points)).toEqual([7]);
  });

  const ids: string[] = [];
  test('groups: created empty, filled by PATCH of members in batches (204), the members get the branch; points and history stay', async () => {
    for (let n = 10; n < 40; n++) ids.push((await scim('POST', '/Users', entraUser(String(n)))).body!.id);
    await db.database.db
      .insertInto('points')
      .values({ key: `test:${ids[0]}`, advocate_id: ids[0]!, reason: 'share', points: 10, at: new Date() })
      .execute();
    expect((await scim('GET', `/Groups?excludedAttributes=members&${filter('displayName eq "Culture"').slice(1)}`)).body).toMatchObject({ totalResults: 0 });
    const group = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: HEALTH_GROUP_EXTERNAL,
      displayName: 'Culture',
      meta: { resourceType: 'Group' },
    });
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({ displayName: 'Culture', members: [] });
    const groupId = group.body!.id;
    const add = (members: string[]) => ({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Add', path: 'members', value: members.map((value) => ({ $ref: null, value })) }],
    });
    expect((await scim('PATCH', `/Groups/${groupId}`, add(ids.slice(0, 25)))).status).toBe(204);
    expect((await scim('PATCH', `/Groups/${groupId}`, add(ids.slice(25)))).status).toBe(204);
    for (const id of ids) expect((await advocate(id)).branch).toBe('Culture');
    const read = await scim('GET', `/Groups/${groupId}`);
    expect(read.body!.members).toHaveLength(30);
    expect((await scim('GET', `/Groups/${groupId}?excludedAttributes=members`)).body!.members).toBeUndefined();

    // Removal as Entra sends it (by value), and with a path filter: the branch falls back to the department.
    expect(
      (
        await scim('PATCH', `/Groups/${groupId}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: ids[1] }] }],
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await scim('PATCH', `/Groups/${groupId}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'remove', path: `members[value eq "${ids[2]}"]` }],
        })
      ).status,
    ).toBe(204);
    expect((await advocate(ids[1]!)).branch).toBe('Health');
    expect((await advocate(ids[2]!)).branch).toBe('Health');
    expect((await scim('GET', `/Groups/${groupId}`)).body!.members).toHaveLength(28);

    // A rename moves every member's branch with it; their points and ids stay.
    expect(
      (
        await scim('PATCH', `/Groups/${groupId}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'Replace', path: 'displayName', value: 'Culture and Leisure' }],
        })
      ).status,
    ).toBe(204);
    expect((await advocate(ids[0]!)).branch).toBe('Culture and Leisure');
    expect((await store.points.forAdvocate(ids[0]!)).map((p) => p.points)).toEqual([10]);
  });

  test('a group the config names gives topics: joining adds the topic to the advocate’s own, leaving takes only that one away', async () => {
    const id = ids[5]!;
    await store.advocates.updatePreferences(id, {
      topics: ['jobs'],
      networks: ['linkedin'],
      language: 'fi',
      frequency: 'weekly',
      pausedUntil: null,
      mastodonInstance: null,
    });
    const group = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'kaiku-culture-news',
      members: [{ value: id }],
    });
    expect(group.status).toBe(201);
    expect((await advocate(id)).topics).toEqual(['jobs', 'culture']);
    expect((await scim('DELETE', `/Groups/${group.body!.id}`)).status).toBe(204);
    expect((await advocate(id)).topics).toEqual(['jobs']);
  });

  test('PUT of a group renames it and sets its members: who left falls back to their department, who stayed follows the name', async () => {
    const group = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Libraries',
      members: [{ value: ids[1] }, { value: ids[2] }],
    });
    expect(group.status).toBe(201);
    expect([(await advocate(ids[1]!)).branch, (await advocate(ids[2]!)).branch]).toEqual(['Libraries', 'Libraries']);
    const replaced = await scim('PUT', `/Groups/${group.body!.id}`, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Libraries and Archives',
      members: [{ value: ids[2] }],
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ displayName: 'Libraries and Archives', members: [{ value: ids[2] }] });
    expect([(await advocate(ids[1]!)).branch, (await advocate(ids[2]!)).branch]).toEqual(['Health', 'Libraries and Archives']);
  });

  test('pagination: startIndex and count page through every user, with totalResults', async () => {
    const page = await scim('GET', '/Users?startIndex=11&count=10');
    expect(page.body).toMatchObject({ totalResults: 32, startIndex: 11, itemsPerPage: 10 });
    expect(page.body!.Resources).toHaveLength(10);
    const all = await scim('GET', '/Users?count=200');
    expect(all.body!.Resources.slice(10, 20).map((r: { id: string }) => r.id)).toEqual(page.body!.Resources.map((r: { id: string }) => r.id));
  });

  test('an advocate kaiku paused for bounces stays paused when the directory deactivates and then reactivates them', async () => {
    const id = ids[3]!;
    await db.database.db.updateTable('advocates').set({ mail_state: 'paused', bounces: 3 }).where('id', '=', id).execute();
    const active = (value: boolean) =>
      scim('PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value }] });
    expect((await active(false)).body).toMatchObject({ active: false });
    expect((await active(true)).body).toMatchObject({ active: true });
    expect(await advocate(id)).toMatchObject({ mail_state: 'paused', bounces: 3 });
  });

  test('an advocate an admin removed stays removed and paused when the directory deactivates and then reactivates them', async () => {
    const id = ids[4]!;
    const active = (value: boolean) =>
      scim('PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value }] });
    expect((await active(false)).body).toMatchObject({ active: false });
    await store.advocates.remove(id);
    expect((await active(true)).body).toMatchObject({ active: true });
    const after = await advocate(id);
    expect(after).toMatchObject({ mail_state: 'paused' });
    expect(after.removed_at).not.toBeNull();
  });

  test('a filter the store does not look up directly (Entra may match on the work email) is answered by SCIMMY over the users', async () => {
    const byEmail = await scim('GET', `/Users${filter('emails[type eq "work"].value eq "user10@testcity.example"')}`);
    expect(byEmail.status).toBe(200);
    expect(byEmail.body).toMatchObject({ totalResults: 1, Resources: [{ id: ids[0], userName: 'user10@testcity.example' }] });
    const both = await scim('GET', `/Users${filter('userName eq "user11@testcity.example" and active eq true')}`);
    expect(both.body!.Resources.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
  });

  test('DELETE of a user erases the advocate: no personal data left, the row kept for the totals, then 404', async () => {
    const id = ids[29]!;
    expect(await rowsHolding('user39@testcity.example')).not.toEqual([]);
    expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204);
    for (const personal of ['user39@testcity.example', 'User 39 Tester', '0a21f0f2-8d2a-4f8e-bf98-000000000039'])
      expect(await rowsHolding(personal)).toEqual([]);
    expect(await advocate(id)).toMatchObject({ email: `erased-${id}@erased.invalid`, name: 'Erased advocate' });
    expect(await db.database.db.selectFrom('scim_users').selectAll().where('advocate_id', '=', id).execute()).toEqual([]);
    const gone = await scim('GET', `/Users/${id}`);
    expect(gone).toMatchObject({ status: 404, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' } });
  });

  describe('bad input is refused with an RFC 7644 error body and changes nothing', () => {
    test.each([
      ['a wrong token', 'GET', '/Users', undefined, 'wrong-token', 401, undefined, /bearer token is missing or wrong/],
      ['no token', 'POST', '/Users', entraUser('90'), '', 401, undefined, /bearer token is missing or wrong/],
      [
        'an unknown attribute',
        'POST',
        '/Users',
        entraUser('91', { favouriteColour: 'teal' }),
        TOKEN,
        400,
        'invalidSyntax',
        /Unknown attribute "favouriteColour"/,
      ],
      ['a malformed filter', 'GET', `/Users${filter('userName eq "unterminated')}`, undefined, TOKEN, 400, 'invalidFilter', /Unexpected token/],
      [
        'a userName already provisioned',
        'POST',
        '/Users',
        entraUser('10', { externalId: 'another' }),
        TOKEN,
        409,
        'uniqueness',
        /userName "user10@testcity.example" is already provisioned/,
      ],
      [
        'an email another user holds',
        'PATCH',
        '/Users/ID',
        {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'user11@testcity.example' }],
        },
        TOKEN,
        409,
        'uniqueness',
        /another user holds/,
      ],
      [
        'a time zone that does not exist',
        'POST',
        '/Users',
        entraUser('92', { timezone: 'Europe/Helsingfors' }),
        TOKEN,
        400,
        'invalidValue',
        /timezone: unknown time zone "Europe\/Helsingfors"/,
      ],
      [
        'a PATCH of an attribute that does not exist',
        'PATCH',
        '/Users/ID',
        { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'shoeSize', value: 44 }] },
        TOKEN,
        400,
        'invalidPath',
        /Invalid path 'shoeSize'/,
      ],
      ['a replace of a user who was never provisioned', 'PUT', '/Users/999999', entraUser('93'), TOKEN, 404, undefined, /Resource 999999 not found/],
      ['a body that is not JSON', 'POST', '/Users', '{"userName": ', TOKEN, 400, 'invalidSyntax', /not a JSON object/],
      [
        'a member who was never provisioned',
        'POST',
        '/Groups',
        { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Ghosts', members: [{ value: '999999' }, { value: 'not-an-id' }] },
        TOKEN,
        400,
        'invalidValue',
        /no provisioned user has the id (999999|not-an-id)/,
      ],
    ] as const)('%s', async (_name, method, path, body, token, status, scimType, detail) => {
      const before = await snapshot();
      const answer = await scim(method, path.replace('ID', ids[10]!), body, token);
      expect(answer.status).toBe(status);
      expect(answer.body).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: String(status),
        ...(scimType ? { scimType } : {}),
      });
      expect(answer.body!.detail).toMatch(detail);
      expect(await snapshot()).toEqual(before);
    });
  });
  test('a body over the server-wide limit is refused with 413 and a SCIM error as it is read, by length or chunked; nothing changed', async () => {
    const before = await snapshot();
    for (const framing of ['length', 'chunked'] as const) {
      const answer = await upload(`/Users/${ids[10]}`, MAX_REQUEST_BODY + 1, framing);
      expect(answer.status, framing).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '413' });
      expect(JSON.parse(answer.body).detail).toMatch(/larger than the 1024 KB kaiku accepts for a SCIM request; nothing was read or changed/);
    }
    expect(await snapshot()).toEqual(before);
  });

  test('the token is never logged, not even a wrong one; the refusals are', () => {
    const log = logLines.join('');
    expect(log).toMatch(/SCIM request refused: wrong token/);
    expect(log).toMatch(/SCIM request refused: body too large/);
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain('wrong-token');
  });
});
