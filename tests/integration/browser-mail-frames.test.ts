import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApp } from '../../server/app.js';
import { startHttpServer, type RunningServer } from '../../server/http-server.js';
import { createStore, type Store } from '../../db/store.js';
import { startEmbeddedMail } from '../../integrations/email/embedded-mail.js';
import type { SmtpCatcher } from '../../integrations/email/smtp-catcher.js';
import { createMailer, type Mailer } from '../../integrations/email/mailer.js';
import { Secret } from '../../rules/tokens/secret.js';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { quietLog, testConfig, testConfigInput } from '../helpers/harness.js';
import { closeLoopbackContexts, launchChromium, loopbackContext, screenshotWidths, type LoopbackContext } from '../helpers/browser.js';

// A mail's HTML in the outbox is shown whole: its frame grows to the mail's height (no inner scrollbar, nothing cut
// off), at a desktop's width and a phone's. The frame still runs nothing a mail carries.

let db: TestDatabase;
let store: Store;
let catcher: SmtpCatcher;
let mailer: Mailer;
let server: RunningServer;
let browser: Browser;
const opened: LoopbackContext[] = [];

const LONG = `<!doctype html><html><body style="margin:0;font-family:sans-serif;">${Array.from(
  { length: 80 },
  (_, i) => `<p style="margin:0 0 12px;">Paragraph ${i + 1} of a long digest.</p>`,
).join('')}<p id="last">The last line.</p></body></html>`;
const HOSTILE = `<!doctype html><html><body><p id="mark">untouched</p>
<script>parent.document.title = 'pwned'; document.getElementById('mark').textContent = 'script ran';</script>
<img src="data:," alt="" onerror="parent.document.title = 'pwned'; document.getElementById('mark').textContent = 'handler ran'">
</body></html>`;

beforeAll(async () => {
  db = await openTestDatabase('pglite');
  store = createStore(db.database.db);
  const { config } = await testConfig(testConfigInput([{ id: 'news', kind: 'feed', url: 'https://e.org/feed.xml' }]));
  const secret = new Secret('f'.repeat(40));
  catcher = await startEmbeddedMail({ config, store, secret, processor: { accept: async () => ({ duplicate: false }) }, port: 0, log: quietLog });
  mailer = createMailer(catcher.url, quietLog);
  const send = (subject: string, html: string) => mailer.send({ from: config.email.from, to: 'aino@testcity.example', subject, text: subject, html });
  await send('A long digest', LONG);
  await send('A mail that tries to run a script', HOSTILE);
  const app = createApp({ store, database: db.database, config, secret, mailer, outbox: true, demo: false, log: quietLog });
  server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await closeLoopbackContexts(opened);
  await browser?.close();
  await server?.close();
  mailer?.close();
  await catcher?.close();
  await db?.drop();
});

/** The outbox in a fresh browser, and the mail opened by clicking its subject. */
async function openMail(subject: string): Promise<Page> {
  const context = await loopbackContext(browser);
  opened.push(context);
  const page = await context.context.newPage();
  await page.goto(`http://127.0.0.1:${server.port}/outbox`);
  await Promise.all([page.waitForURL(/\/outbox\/\d+$/), page.click(`a:has-text("${subject}")`)]);
  return page;
}

/** The frame's height on the page and its document's height, once the frame has loaded. */
async function heights(page: Page): Promise<{ frame: number; content: number }> {
  return page.evaluate(() => {
    const frame = document.querySelector('iframe.mail') as HTMLIFrameElement;
    return { frame: frame.getBoundingClientRect().height, content: frame.contentDocument!.documentElement.scrollHeight };
  });
}

test('a long mail’s frame grows to the whole mail, at 1280 px and at 375 px', async () => {
  const page = await openMail('A long digest');
  // Waits on the fitting itself: the frame taller than the old fixed 640 px and as tall as its document.
  const fitted = () =>
    page.waitForFunction(() => {
      const frame = document.querySelector('iframe.mail') as HTMLIFrameElement | null;
      const root = frame?.contentDocument?.documentElement;
      return Boolean(frame && root && root.scrollHeight > 640 && frame.getBoundingClientRect().height >= root.scrollHeight);
    });
  await fitted();
  const wide = await heights(page);
  expect(wide.content).toBeGreaterThan(640);
  expect(wide.frame).toBeGreaterThanOrEqual(wide.content);
  // The mail's last line lies inside the frame's box on the page: nothing is cut off.
  const last = await page.frameLocator('iframe.mail').locator('#last').boundingBox();
  const box = await page.locator('iframe.mail').boundingBox();
  expect(last!.y + last!.height).toBeLessThanOrEqual(box!.y + box!.height);

  await page.setViewportSize({ width: 375, height: 800 });
  await fitted();
  const narrow = await heights(page);
  expect(narrow.frame).toBeGreaterThanOrEqual(narrow.content);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshotWidths(page, 'outbox-long-mail');

  // Without the script the link still shows the mail at full size.
  const href = await page.locator('a:has-text("at full size")').getAttribute('href');
  expect(href).toMatch(/^\/outbox\/\d+\/html$/);
});

test('the framed mail runs nothing: its script and its handler are blocked, the page around it untouched', async () => {
  const page = await openMail('A mail that tries to run a script');
  await page.waitForFunction(() => {
    const frame = document.querySelector('iframe.mail') as HTMLIFrameElement | null;
    return frame?.contentDocument?.readyState === 'complete' && frame.contentDocument.getElementById('mark') !== null;
  });
  const title = await page.title();
  expect(title).not.toContain('pwned');
  expect(await page.frameLocator('iframe.mail').locator('#mark').textContent()).toBe('untouched');
  const frameSrc = await page.locator('iframe.mail').getAttribute('src');
  const response = await fetch(`http://127.0.0.1:${server.port}${frameSrc}`);
  const csp = response.headers.get('content-security-policy')!;
  expect(csp).toMatch(/^sandbox allow-same-origin;/);
  expect(csp).not.toContain('allow-scripts');
  expect(csp).toContain("default-src 'none'");
  expect(await page.locator('iframe.mail').getAttribute('sandbox')).toBe('allow-same-origin');
  // The page's own policy allows its one fitting script by hash, and no other.
  const pageCsp = (await fetch(page.url())).headers.get('content-security-policy')!;
  expect(pageCsp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'$/);
});
