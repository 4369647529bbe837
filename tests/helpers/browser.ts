import { expect } from 'vitest';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';
import { signInLinkFor, signInLinksTo, type MailsTo } from './form-client.js';

// Chromium resolves no name but loopback's: a page (or a redirect, which Playwright's routes do not see) cannot
// reach another machine, and the attempt fails at once instead of asking DNS.
const LOOPBACK_ONLY = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.*';

/** Debian's Chromium (CHROMIUM_PATH to override), headless; .ci/run installs it. Nothing is downloaded, nothing leaves loopback. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
  if (!executablePath) throw new Error('Chromium is not installed: apt-get install chromium (or set CHROMIUM_PATH)');
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', LOOPBACK_ONLY] });
}

export interface LoopbackContext {
  context: BrowserContext;
  /** Every request the pages made to another host than loopback, redirects included (none of them got out). */
  elsewhere: string[];
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/**
 * A fresh browser context, as a person's browser at 1280 px, in which nothing leaves this machine: a request to
 * any host but loopback is aborted (a redirect to one fails to resolve, see LOOPBACK_ONLY) and listed in `elsewhere`.
 * `locale`: the browser's language (as a person sets it; it sends its Accept-Language), Chromium's en-US otherwise.
 */
export async function loopbackContext(browser: Browser, options: { locale?: string } = {}): Promise<LoopbackContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...(options.locale ? { locale: options.locale } : {}) });
  const elsewhere: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.protocol !== 'about:' && !LOOPBACK.test(url.hostname)) elsewhere.push(request.url());
  });
  await context.route('**/*', (route) => (LOOPBACK.test(new URL(route.request().url()).hostname) ? route.continue() : route.abort()));
  return { context, elsewhere };
}

/** Closes the contexts a test opened (emptying the list) and asserts that none of their pages reached beyond loopback. */
export async function closeLoopbackContexts(opened: LoopbackContext[]): Promise<void> {
  for (const { context, elsewhere } of opened.splice(0)) {
    await context.close();
    expect(elsewhere, 'requests that would have left this machine').toEqual([]);
  }
}

/** A whole-page screenshot into test-results/forms-<name>.png (git-ignored), to look at what was clicked through. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', `forms-${name}.png`), fullPage: true });
}

/** The page at a desktop's 1280 px and a phone's 375 px: test-results/forms-<name>-1280.png and -375.png. */
export async function screenshotWidths(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: viewport.height });
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize(viewport);
}

/**
 * Signs an admin in as a person does: types their address, clicks "Email me a sign-in link", opens the link the
 * outbox got, clicks "Sign in". The sign-in rate limit allows five links per address per 15 minutes.
 */
export async function signInByClicking(context: BrowserContext, base: string, mailsTo: MailsTo, email: string, lands = `${base}/admin`): Promise<Page> {
  const page = await context.newPage();
  const seen = (await signInLinksTo(mailsTo, email)).length;
  await page.goto(`${base}/admin/login`);
  await page.fill('#email', email);
  await page.click('button:has-text("Email me a sign-in link")');
  await page.waitForSelector('text=a sign-in link is on its way');
  await page.goto(`${base}${await signInLinkFor(mailsTo, email, seen)}`);
  await Promise.all([page.waitForURL(lands), page.click('button:has-text("Sign in")')]);
  return page;
}

/** Clicks a button that posts a form and waits for kaiku's answer page. */
export async function submitForm(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.waitForResponse((r) => r.request().method() === 'POST'), page.click(button)]);
}

/** A POST the console answered, as the test server saw it: where it went, its status, where it sent the browser. */
export interface PostSeen {
  path: string;
  status: number;
  location: string | null;
}

/** Serves kaiku's app on loopback at `port` for a browser, recording every POST it answers in `posts`; its base URL. */
export async function serveRecordingPosts(
  app: { fetch: (request: Request, env: unknown) => Response | Promise<Response> },
  port: number,
  posts: PostSeen[],
): Promise<{ server: ServerType; base: string }> {
  const server = serve({
    fetch: async (request: Request, env: unknown) => {
      const response = await app.fetch(request, env);
      if (request.method === 'POST') posts.push({ path: new URL(request.url).pathname, status: response.status, location: response.headers.get('location') });
      return response;
    },
    port,
    hostname: '127.0.0.1',
  });
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The text of the first element `selector` finds, its white space collapsed as a reader sees it ('' when empty). */
export async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Picks `language` in the header's picker and clicks its button, as a person does, and waits for the page it lands
 * on (not the one left behind): the pick must change the page's language.
 */
export async function pickConsoleLanguage(page: Page, language: 'fi' | 'sv' | 'en'): Promise<void> {
  await page.selectOption('#console-language', language);
  await submitForm(page, 'header form.language button[type="submit"]');
  await page.waitForSelector(`html[lang="${language}"]`, { state: 'attached' });
}

/**
 * A communicator's first steps in another language: a fresh loopback context (added to `opened`, for
 * closeLoopbackContexts), signed in by clicking from an English browser, which shows English, then `language`
 * picked in the header.
 */
export async function signInPickingLanguage(
  browser: Browser,
  opened: LoopbackContext[],
  base: string,
  mailsTo: MailsTo,
  email: string,
  language: 'fi' | 'sv',
): Promise<Page> {
  const made = await loopbackContext(browser);
  opened.push(made);
  const page = await signInByClicking(made.context, base, mailsTo, email);
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
  await pickConsoleLanguage(page, language);
  return page;
}
