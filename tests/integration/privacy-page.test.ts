import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStore, type Store } from '../../db/store.js';
import { privacyRoutes } from '../../server/routes/privacy.js';
import { preferencesUrl, privacyUrl } from '../../rules/digests/links.js';
import { privacyStringsFor } from '../../rules/privacy/privacy-strings.js';
import { Secret } from '../../rules/tokens/secret.js';
import type { KaikuConfig } from '../../config/schema.js';
import { LANGUAGES } from '../../model/advocate.js';
import { advocate } from '../helpers/digests.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { FormClient } from '../helpers/form-client.js';
import { quietLog, testConfig, testConfigInput } from '../helpers/harness.js';
import { allRowVersions } from '../helpers/snapshot.js';

// The privacy page's server side with privacy.erasure: immediate (the browser test covers admin-confirms): the
// page in each advocate language, the erasure done at the first post and idempotent after, and links that are
// not this page's (forged, another purpose) refused with nothing changed. The form is sent as the page gave it.

describe.each(DATABASE_KINDS)('the privacy page (immediate erasure) on %s', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let config: KaikuConfig;
  let app: Hono;
  const secret = new Secret('privacy-page-test-secret-of-at-least-32-bytes');
  const ids = new Map<string, string>();
  const path = (url: string) => new URL(url).pathname;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    store = createStore(db.database.db);
    const input = testConfigInput([], { privacy: { erasure: 'immediate' } });
    // A bilingual programme: Swedish readers know it by its Swedish name.
    ({ config } = await testConfig({ ...input, program: { ...(input.program as Record<string, unknown>), names: { sv: 'Testby stads ambassadörer' } } }));
    await store.advocates.upsert(LANGUAGES.map((language) => advocate({ email: `${language}.reader@testcity.example`, name: `Reader ${language}`, language })));
    for (const language of LANGUAGES) ids.set(language, String((await store.advocates.byEmail(`${language}.reader@testcity.example`))!.id));
    app = new Hono();
    app.route('/', privacyRoutes({ store, config, secret, log: quietLog }));
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  test.each(LANGUAGES)('in %s: the title, the retention from the config (13 months), the immediate wording', async (language) => {
    const t = privacyStringsFor(language);
    const page = await FormClient.forApp(app).get(path(privacyUrl(config, secret, ids.get(language)!)));
    expect(page.status).toBe(200);
    expect(page.$('header .program').text()).toBe(t.title);
    expect(page.$('main > div').attr('lang')).toBe(language);
    expect(page.$('main').text()).toContain(t.intro(language === 'sv' ? 'Testby stads ambassadörer' : config.program.name));
    expect(page.$('main').text()).toContain(t.howLong(13));
    expect(page.$('main').text()).toContain(t.eraseExplain(true));
    expect(page.$('form[action$="/erase"] button').text()).toBe(t.eraseButton);
  });

  test('a forged token, or a token of another purpose (the preferences link), opens nothing and erases nothing', async () => {
    const before = await allRowVersions(db.database.db);
    const client = FormClient.forApp(app);
    const own = path(privacyUrl(config, secret, ids.get('en')!));
    const forged = `${own.slice(0, -3)}${own.slice(-3) === 'AAA' ? 'BBB' : 'AAA'}`;
    const preferencesToken = path(preferencesUrl(config, secret, ids.get('en')!)).slice('/p/'.length);
    for (const url of [forged, `/privacy/${preferencesToken}`]) {
      expect((await client.get(url)).status).toBe(403);
      expect((await client.get(`${url}/data.json`)).status).toBe(403);
    }
    const page = await client.get(own);
    const forgedPost = await client.request(`/privacy/${preferencesToken}/erase`, {
      method: 'POST',
      body: new URLSearchParams(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(forgedPost.status).toBe(403);
    expect(page.status).toBe(200);
    expect(await allRowVersions(db.database.db)).toEqual(before);
  });

  test('"Ask to erase my data" erases at once; the page and a second post then say so and change nothing', async () => {
    const id = ids.get('sv')!;
    const client = FormClient.forApp(app);
    const page = await client.get(path(privacyUrl(config, secret, id)));
    const answer = await client.submit(page, { action: '/privacy/' });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain(privacyStringsFor('sv').erased);
    expect(await store.advocates.get(id)).toMatchObject({ name: 'Erased advocate', email: `erased-${id}@erased.invalid`, mail_state: 'paused' });
    expect(await store.privacy.erasureRequest(id)).toMatchObject({ state: 'erased', decided_by: 'advocate' });
    const after = await allRowVersions(db.database.db);
    const again = await client.submit(page, { action: '/privacy/' });
    expect(await again.text()).toContain(privacyStringsFor('sv').erased);
    expect(await allRowVersions(db.database.db)).toEqual(after);
    expect((await client.get(path(privacyUrl(config, secret, id)))).$('[role="status"]').text()).toBe(privacyStringsFor('sv').erased);
    // The others are untouched.
    expect(await store.advocates.byEmail('fi.reader@testcity.example')).toMatchObject({ name: 'Reader fi', erased_at: null });
  });
});
