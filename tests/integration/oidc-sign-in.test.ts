import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../server/app.js';
import { createStore, type Store } from '../../db/store.js';
import { Secret } from '../../rules/tokens/secret.js';
import { launchChromium, loopbackContext, screenshot, textOf, type LoopbackContext } from '../helpers/browser.js';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { FormClient } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { quietLog, testConfig, testConfigInput } from '../helpers/harness.js';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { allRowVersions } from '../helpers/snapshot.js';

// Admin sign-in with OpenID Connect against a real OpenID provider on loopback (oidc-provider, certified), clicked
// through in Debian's Chromium: kaiku's login page, the provider's own login and consent pages, the callback. Each
// attack is the provider's real flow with one thing wrong in its answer, and asserts the refusal and that no row of
// any table changed.

const ADA = 'ada@testcity.example';
const ADMINS_GROUP = '5a7f0c2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b';
const ACCOUNTS = {
  ada: { email: ADA, name: 'Ada Admin (directory)', groups: [ADMINS_GROUP, 'all-staff'], email_verified: true },
  bo: { email: 'bo@testcity.example', name: 'Bo Backup', groups: ['all-staff'], email_verified: true },
  cai: { email: 'cai.comms@testcity.example', name: 'Cai Comms', groups: [ADMINS_GROUP], email_verified: true },
};

let db: TestDatabase;
let store: Store;
let idp: TestProvider;
let server: ServerType;
let browser: Browser;
let base = '';
const secret = new Secret('oidc-test-secret-'.repeat(3));
const contexts: LoopbackContext[] = [];

const snapshot = () => allRowVersions(db.database.db);

async function newBrowser(): Promise<BrowserContext> {
  const opened = await loopbackContext(browser);
  contexts.push(opened);
  return opened.context;
}

/** kaiku's login page → "Sign in with Test IdP" → the provider's login and consent pages → back at kaiku. */
async function signInWithProvider(context: BrowserContext, login: string, shots?: string): Promise<{ page: Page; callback: string }> {
  const page = await context.newPage();
  let callback = '';
  page.on('request', (request) => {
    if (request.url().startsWith(`${base}/admin/oidc/callback`)) callback = request.url();
  });
  await page.goto(`${base}/admin/login`);
  if (shots) await screenshot(page, `${shots}-kaiku-login`);
  await page.click('button:has-text("Sign in with Test IdP")');
  await page.waitForSelector('input[name="login"]', { timeout: 5000 }).catch(async (error: unknown) => {
    throw new Error(`no provider login page at ${page.url()}: ${(await page.content()).slice(0, 1500)}`, { cause: error });
  });
  expect(new URL(page.url()).origin).toBe(idp.issuer);
  if (shots) await screenshot(page, `${shots}-provider-login`);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'whatever the provider asks');
  await page.click('button:has-text("Sign-in")');
  await page.waitForSelector('button:has-text("Continue")');
  if (shots) await screenshot(page, `${shots}-provider-consent`);
  await Promise.all([
    page.waitForURL((url) => url.origin === base && !url.pathname.startsWith('/admin/oidc/start')),
    page.click('button:has-text("Continue")'),
  ]);
  await page.waitForLoadState();
  return { page, callback };
}

async function sessions() {
  return db.database.db.selectFrom('admin_sessions').selectAll().orderBy('created_at').execute();
}

beforeAll(async () => {
  db = await openTestDatabase('pglite');
  store = createStore(db.database.db);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  idp = await startTestProvider({ redirectUri: `${base}/admin/oidc/callback`, accounts: ACCOUNTS });
  const { config } = await testConfig(
    testConfigInput([], {
      server: { host: '127.0.0.1', port, publicUrl: base },
      auth: { oidc: { issuer: idp.issuer, clientId: idp.clientId, name: 'Test IdP', groups: [{ id: ADMINS_GROUP, role: 'admin' }], timeout: '5 seconds' } },
    }),
  );
  const app = createApp({ store, database: db.database, config, secret, oidcClientSecret: idp.clientSecret, demo: false, log: quietLog });
  server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  expect((server.address() as AddressInfo).port).toBe(port);
  browser = await launchChromium();
}, 120_000);

afterEach(async () => {
  idp.tamper = undefined;
  idp.forgeSignature = false;
  idp.downAfterAuthorization = false;
  await idp.start().catch(() => undefined);
  for (const { context, elsewhere } of contexts.splice(0)) {
    await context.close();
    // The provider's own dev pages ask for a web font; the request was aborted here, nothing else left loopback.
    expect(elsewhere.filter((url) => !url.startsWith('https://fonts.googleapis.com/'))).toEqual([]);
  }
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await idp?.close();
  await db?.drop();
});

describe('signing in with the provider', () => {
  test('an admin in the admin group clicks through the provider and lands on the admin page, with one OpenID session', async () => {
    const before = await sessions();
    const { page } = await signInWithProvider(await newBrowser(), 'ada', 'oidc');
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(await textOf(page, 'header .program')).toBe('Test City advocates');
    // The config's name for the admin, not the directory's: the person is matched to `admins:` by email.
    expect(await textOf(page, 'header form')).toContain('Ada Admin');
    await screenshot(page, 'oidc-admin');
    const after = await sessions();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ admin_email: ADA, signed_in_via: 'oidc', admitted_by_group: null, ended_at: null });
    expect(await db.database.db.selectFrom('oidc_spent_states').selectAll().execute()).toHaveLength(1);
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('kaiku_oidc');
  });

  test('a member of the admin group who is not under admins: is admitted by the group, named as the provider names them', async () => {
    const { page } = await signInWithProvider(await newBrowser(), 'cai');
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(await textOf(page, 'header form')).toContain('Cai Comms');
    expect((await sessions()).at(-1)).toMatchObject({
      admin_email: 'cai.comms@testcity.example',
      admin_name: 'Cai Comms',
      admitted_by_group: ADMINS_GROUP,
      signed_in_via: 'oidc',
    });
  });
});

describe('refusals: each leaves every table as it was', () => {
  async function refused(login: string, expected: RegExp, shot?: string) {
    const before = await snapshot();
    const { page } = await signInWithProvider(await newBrowser(), login);
    expect(new URL(page.url()).pathname).toBe('/admin/oidc/callback');
    expect(await textOf(page, '.notice.bad')).toMatch(expected);
    expect(await textOf(page, '.notice.bad')).toContain('You are not signed in, and nothing was changed.');
    if (shot) await screenshot(page, shot);
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(await snapshot()).toEqual(before);
  }

  test('a configured admin who is not in the admin group', async () => {
    await refused('bo', /Test IdP signed you in, but you are not in a group that may sign in to Test City advocates/, 'oidc-not-in-group');
  });

  test('an ID token for another audience', async () => {
    idp.tamper = (claims) => ({ ...claims, aud: 'another-app' });
    await refused('ada', /did not prove who you are \(unexpected JWT "aud" \(audience\) claim value\)/);
  });

  test('an expired ID token', async () => {
    const now = Math.floor(Date.now() / 1000);
    idp.tamper = (claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 });
    await refused('ada', /did not prove who you are \(unexpected JWT "exp" \(expiration time\) claim value, expiration is past current timestamp\)/);
  });

  test('an ID token whose nonce is not the one this browser sent', async () => {
    idp.tamper = (claims) => ({ ...claims, nonce: 'a-nonce-from-another-sign-in' });
    await refused('ada', /did not prove who you are \(unexpected ID Token "nonce" claim value\)/);
  });

  test('an ID token signed with a key the provider never published', async () => {
    idp.forgeSignature = true;
    idp.tamper = (claims) => claims;
    await refused('ada', /did not prove who you are \(JWT signature verification failed\)/);
  });

  test('a replayed callback: with the captured cookie, and from another browser, opens nothing and never reaches the provider', async () => {
    const context = await newBrowser();
    let pendingCookie: Awaited<ReturnType<BrowserContext['cookies']>> = [];
    context.on('request', (request) => {
      if (request.url().startsWith(`${base}/admin/oidc/callback`))
        void context.cookies(base).then((cookies) => (pendingCookie = cookies.filter((c) => c.name === 'kaiku_oidc')));
    });
    const { page, callback } = await signInWithProvider(context, 'ada');
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(pendingCookie).toHaveLength(1);
    const before = await snapshot();
    const tokenRequests = idp.tokenRequests;

    const thief = await newBrowser();
    await thief.addCookies(pendingCookie);
    const replay = await thief.newPage();
    await replay.goto(callback);
    expect(await textOf(replay, '.notice.bad')).toMatch(/This sign-in answer was used before; start again/);
    await replay.goto(`${base}/admin`);
    expect(new URL(replay.url()).pathname).toBe('/admin/login');

    const stranger = await (await newBrowser()).newPage();
    await stranger.goto(callback);
    expect(await textOf(stranger, '.notice.bad')).toMatch(/This sign-in was not started in this browser/);

    expect(idp.tokenRequests).toBe(tokenRequests);
    expect(await snapshot()).toEqual(before);
  });

  test('the provider down when its answer comes back: a clear page, nothing changed', async () => {
    const before = await snapshot();
    const context = await newBrowser();
    const page = await context.newPage();
    idp.downAfterAuthorization = true;
    await page.goto(`${base}/admin/login`);
    await page.click('button:has-text("Sign in with Test IdP")');
    await page.fill('input[name="login"]', 'ada');
    await page.fill('input[name="password"]', 'x');
    await page.click('button:has-text("Sign-in")');
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin/oidc/callback'), page.click('button:has-text("Continue")')]);
    expect(await textOf(page, 'header .program')).toBe('Test IdP is not answering');
    expect(await textOf(page, '.notice.bad')).toMatch(/kaiku could not reach Test IdP to sign you in.*nothing was changed/);
    await screenshot(page, 'oidc-provider-down');
    expect(await snapshot()).toEqual(before);
  });
});

describe('the login page and its fallbacks', () => {
  test('the provider down before the sign-in starts (no discovery yet): a clear 503, nothing changed', async () => {
    const { config } = await testConfig(
      testConfigInput([], { server: { publicUrl: base }, auth: { oidc: { issuer: idp.issuer, clientId: idp.clientId, name: 'Test IdP' } } }),
    );
    const app = createApp({ store, database: db.database, config, secret, oidcClientSecret: idp.clientSecret, demo: false, log: quietLog });
    await idp.stop();
    const before = await snapshot();
    const client = FormClient.forApp(app);
    const answer = await client.submit(await client.get('/admin/login'), { action: '/admin/oidc/start' });
    expect(answer.status).toBe(503);
    expect(await answer.text()).toContain('kaiku could not reach Test IdP to sign you in');
    expect(await snapshot()).toEqual(before);
  });

  test('with emailLink: false the login page offers the provider only, and the sign-in link endpoints refuse, sending nothing', async () => {
    const { config } = await testConfig(
      testConfigInput([], {
        server: { publicUrl: base },
        auth: { emailLink: false, oidc: { issuer: idp.issuer, clientId: idp.clientId, name: 'Test IdP' } },
      }),
    );
    const app = createApp({ store, database: db.database, config, secret, demo: false, log: quietLog });
    const client = FormClient.forApp(app);
    const login = await client.get('/admin/login');
    expect(
      login
        .$('button')
        .map((_, b) => login.$(b).text().trim())
        .get(),
    ).toEqual(['Sign in with Test IdP']);
    expect(login.$('input[name="email"]')).toHaveLength(0);
    const before = await snapshot();
    const posted = await client.request('/admin/login', {
      method: 'POST',
      body: new URLSearchParams({ email: ADA }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(posted.status).toBe(403);
    expect(await posted.text()).toContain('emailed links are off, and nothing was');
    expect(await snapshot()).toEqual(before);
  });

  test('a config with emailLink: false and no auth.oidc is refused, naming the key', async () => {
    await expect(testConfig(testConfigInput([], { auth: { emailLink: false } }))).rejects.toThrow(/auth\.emailLink.*configure auth\.oidc/s);
  });
});
