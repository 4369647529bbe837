import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { inject } from 'vitest';
import { KaikuProcess, waitUntil } from '../helpers/kaiku-process.js';
import { freePort } from '../helpers/free-port.js';
import { launchChromium } from '../helpers/browser.js';
import { FormClient, signInAsAdmin } from '../helpers/form-client.js';
import { outboxMails as outbox, outboxRows, outboxSignInMails } from '../helpers/outbox.js';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';

// The README's first command, as a newcomer runs it: `kaiku dev` with no config brings up the demo
// program on the embedded Temporal dev server and PGlite; killed and started again, it loses nothing
// and duplicates nothing.
const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-dev-'));
const running: KaikuProcess[] = [];

afterAll(async () => {
  for (const process of running) await process.stop();
  const pidFile = join(dataDir, 'temporal.pid');
  if (existsSync(pidFile)) {
    const { pid } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number };
    try {
      globalThis.process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const ULLA = 'ulla.demo@democity.example';
/** Ulla at the admin page: signed in through the form and the link in the outbox, with the cookies kaiku set. */
let ulla: FormClient;

async function pendingOnAdminPage(url: string): Promise<string[]> {
  const page = (await ulla.get(`${url}/admin`)).text;
  return [...page.matchAll(/data-item-id="(itm_[0-9a-f]+)" data-state="pending"/g)].map((m) => m[1]!);
}

test('kaiku dev runs the demo end to end, and survives SIGKILL without losing or duplicating items', async () => {
  const port = await freePort();
  const temporalPort = await freePort();
  const env = {
    KAIKU_DATA_DIR: dataDir,
    PORT: String(port),
    KAIKU_TEMPORAL_PORT: String(temporalPort),
    KAIKU_SMTP_PORT: String(await freePort()),
    SMTP_URL: undefined,
    KAIKU_SECRET: undefined,
    TEMPORAL_ADDRESS: undefined,
    DATABASE_URL: undefined,
    KAIKU_CONFIG: undefined,
    TEMPORAL_CLI: inject('temporalCli'),
  };
  const url = `http://127.0.0.1:${port}`;

  const first = KaikuProcess.start(['dev'], env);
  running.push(first);
  await first.waitForOutput(/kaiku is running: Demo City/);
  expect(first.output.join('\n')).toContain(`admin page    ${url}/admin`);
  expect(first.output.join('\n')).toContain(`outbox        ${url}/outbox`);
  ulla = FormClient.forUrl(url);
  await signInAsAdmin(ulla, outboxSignInMails(url), ULLA);
  const items = await waitUntil('the demo items on the admin page', async () => {
    const ids = await pendingOnAdminPage(url);
    return ids.length === 9 ? ids : undefined;
  });
  const health = await (await fetch(`${url}/healthz`)).json();
  expect(health).toMatchObject({
    status: 'ok',
    checks: { database: { ok: true }, temporal: { ok: true }, workers: { ok: true, pollers: expect.any(Number) }, smtp: { ok: true } },
    sources: { unhealthy: 0, total: 2 },
  });

  await first.kill();
  expect(existsSync(join(dataDir, 'temporal.pid'))).toBe(true); // its Temporal server was orphaned

  const second = KaikuProcess.start(['dev'], env);
  running.push(second);
  await second.waitForOutput(/kaiku is running/);
  // the orphaned server is taken over (or, if it cannot answer, replaced on the same database)
  expect(second.output.join('\n')).toMatch(/adopted the Temporal dev server|replacing the Temporal dev server left by an earlier kaiku/);
  expect((await pendingOnAdminPage(url)).sort()).toEqual([...items].sort());

  expect(await second.stop()).toEqual({ code: 0, signal: null });
  expect(existsSync(join(dataDir, 'temporal.pid'))).toBe(false); // stopped cleanly, server included

  // a third start brings the server back from data/temporal.db: the approval workflows still wait
  const third = KaikuProcess.start(['dev'], env);
  running.push(third);
  await third.waitForOutput(/kaiku is running/);
  expect((await pendingOnAdminPage(url)).sort()).toEqual([...items].sort());
  const { Connection, Client } = await import('@temporalio/client');
  const connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
  const client = new Client({ connection });
  // each item's approval workflow runs (the dispatcher may still be starting those the kill interrupted)
  await waitUntil('every item to have a running approval workflow', async () => {
    const statuses = await Promise.all(
      items.map((id) =>
        client.workflow
          .getHandle(id)
          .describe()
          .then(
            (d) => d.status.name,
            () => 'MISSING',
          ),
      ),
    );
    return statuses.every((status) => status === 'RUNNING');
  });
  await connection.close();

  // Done when: the approval emails are in the outbox; a reply "approve" sent from the outbox page over
  // SMTP to the reply-to address approves an item, and the admin page says who, when and how.
  const requests = await waitUntil('an approval email per item', async () => {
    const rows = await outbox(url, /^Approve\? /);
    return rows.length >= 9 ? rows : undefined;
  });
  expect(requests).toHaveLength(9); // one request per item: the restarts lost none and made none twice
  // Delivery is at-least-once: a mail in flight at the SIGKILL may go again, under its own Message-ID, so
  // a mail client shows it once. One kill, so at most one copy more of any mail, and the outbox names it.
  const copies = (await outboxRows(url, /^Approve\? /)).filter(([, , repeatOf]) => repeatOf !== '');
  for (const [, , repeatOf] of copies) expect(requests.map(([id]) => id)).toContain(repeatOf);
  expect(new Set(copies.map(([, , repeatOf]) => repeatOf)).size).toBe(copies.length);
  const [mailId, subject] = requests[0]!;
  // the outbox page's reply form, as it stands ("approve" is typed in already)
  const outboxPage = FormClient.forUrl(url);
  const replied = await outboxPage.submit(await outboxPage.get(`/outbox/${mailId}`));
  expect(replied.status).toBe(303);
  const approvedPage = await waitUntil('the item approved on the admin page', async () => {
    const page = (await ulla.get('/admin?state=approved')).text;
    return page.includes('by email reply') ? page : undefined;
  });
  expect(approvedPage).toContain(
    subject
      .replace(/^Approve\? /, '')
      .replace(/&/g, '&amp;')
      .slice(0, 20),
  );
  expect(approvedPage).toMatch(/<time datetime="[^"]+"[^>]*>[^<]+<\/time>\s*·\s*approved by (Ulla|Hanna) Demo by email reply/);

  // Done when (digest): approve the rest, then `kaiku digest send --now` (beside the running dev) puts
  // digests in the outbox that look right in a real browser, with working share links.
  for (const [id] of requests.slice(1)) expect((await outboxPage.submit(await outboxPage.get(`/outbox/${id}`))).status).toBe(303);
  await waitUntil('all nine approved', async () => (await pendingOnAdminPage(url)).length === 0);
  const cli = async (args: string[]) => {
    const run = KaikuProcess.start(args, env);
    const { code } = await run.exited;
    return { code, output: run.output.join('\n') };
  };
  const roster = join(dataDir, 'roster.csv');
  writeFileSync(
    roster,
    'email,name,language,time_zone,branch,topics,networks\nnew.person@democity.example,New Person,en,Europe/Helsinki,IT,city,x\nbroken,Broken Row,fi,Europe/Helsinki,,,\n',
  );
  const imported = await cli(['advocates', 'import', roster]);
  expect(imported.output).toMatch(/1 imported \(1 new, 0 updated\), 1 refused/);
  expect(imported.output).toMatch(/line 3 \(broken\): "broken" is not an email address/);
  expect(imported.code).toBe(3); // a row was refused: the good one is in, and a script can tell
  // Advocates on the roster before onboarding are welcomed only when an admin names them; a typo is named back.
  const enrolled = await cli(['onboarding', 'enrol', '--advocate', 'new.person@democity.example', '--advocate', 'nobody@democity.example']);
  expect(enrolled.output).toContain('1 advocate enrolled');
  expect(enrolled.output).toContain('nobody@democity.example: not on the roster');
  expect(enrolled.output).toContain('onboarding is off (onboarding.enabled: false)');
  expect(enrolled.code).toBe(1);
  const preview = await cli(['digest', 'preview', '--advocate', 'sam.taylor@democity.example']);
  expect(preview.output).toMatch(/Subject: \d+ posts to share this week/);
  expect(preview.code).toBe(0);
  expect(await outbox(url, /posts to share this week/)).toEqual([]); // a preview sends nothing

  const send = await cli(['digest', 'send', '--now']);
  expect(send.output).toMatch(/Digests: 5 sent/);
  expect(send.code).toBe(0);
  const digests = await outbox(url, /to share this week|jaettavaa|att dela|til deling/i);
  expect(digests).toHaveLength(5);
  const again = await cli(['digest', 'send', '--now']);
  expect(again.output).toMatch(/Digests: 0 sent/);

  const fiDigest = digests.find(([, subjectLine]) => /jaettavaa/.test(subjectLine))!;
  const digestHtml = await (await fetch(`${url}/outbox/${fiDigest[0]}/html`)).text();
  const share = /href="(http:\/\/127\.0\.0\.1:\d+\/s\/[\w-]+)"/.exec(digestHtml)![1]!;
  const sharer = FormClient.forUrl(url);
  const sharePage = await sharer.get(share);
  expect(sharePage.status).toBe(200);
  expect((await sharer.submit(sharePage)).status).toBe(303);
  const tracked = /(http:\/\/127\.0\.0\.1:\d+\/r\/[\w-]+)/.exec(digestHtml)![1]!;
  const clicked = await fetch(tracked, { redirect: 'manual' });
  expect(clicked.status).toBe(302);
  expect(clicked.headers.get('location')).toMatch(new RegExp(`^${url}/demo/`));

  const browser = await launchChromium();
  try {
    for (const [name, width, height] of [
      ['desktop', 1280, 900],
      ['mobile', 375, 812],
    ] as const) {
      const page = await browser.newPage({ viewport: { width, height } });
      // nothing leaves this machine: only kaiku's own loopback server answers
      await page.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
      await page.goto(`${url}/outbox/${fiDigest[0]}/html`);
      await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', `digest-${name}.png`), fullPage: true });
      const layout = await page.evaluate(() => {
        const container = document.querySelector('.container')!.getBoundingClientRect();
        const button = document.querySelector('.btn')!.getBoundingClientRect();
        const image = document.querySelector('img');
        return {
          scrollWidth: document.documentElement.scrollWidth,
          container: container.width,
          button: button.width,
          buttonHeight: button.height,
          buttonRight: button.right,
          imageLoaded: image ? image.complete && image.naturalWidth > 0 : null,
          imageWidth: image?.getBoundingClientRect().width ?? null,
          preheaderHidden: getComputedStyle(document.body.firstElementChild as Element).display === 'none',
        };
      });
      expect(layout.scrollWidth, `${name}: no sideways scrolling`).toBeLessThanOrEqual(width);
      expect(layout.preheaderHidden).toBe(true);
      if (name === 'desktop') {
        expect(layout.container).toBe(600);
        expect(layout.button).toBeLessThan(300);
      } else {
        expect(layout.container).toBe(375);
        // the row of share buttons wraps; each stays thumb-sized and on screen
        expect(layout.buttonHeight).toBeGreaterThanOrEqual(40);
        expect(layout.buttonRight).toBeLessThanOrEqual(width);
      }
      if (layout.imageLoaded !== null) {
        expect(layout.imageLoaded).toBe(true);
        expect(layout.imageWidth).toBeLessThanOrEqual(Math.min(552, width));
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }

  // Done when (engagement): a scripted run of shares and clicks from the digests, an advocate opting in to
  // be named, then `kaiku rewards close --month` for this month; the admin page shows the leaderboards and
  // the charts in Chromium, with nothing fetched from another host.
  const htmlOf = async (id: string) => (await fetch(`${url}/outbox/${id}/html`)).text();
  const linksIn = (page: string, kind: 'p' | 'r' | 's') => [
    ...new Set([...page.matchAll(new RegExp(`(http://127\\.0\\.0\\.1:\\d+/${kind}/[\\w.-]+)`, 'g'))].map((m) => m[1]!)),
  ];
  const pages = await Promise.all(digests.map(async ([id]) => htmlOf(id)));
  // the advocate with the most share buttons shares them all; the others one each
  const top = pages.reduce((best, page, index) => (linksIn(page, 's').length > linksIn(pages[best]!, 's').length ? index : best), 0);
  let visitor = 0;
  for (const [index, page] of pages.entries()) {
    for (const link of linksIn(page, 's').slice(0, index === top ? undefined : 1)) {
      const opened = await sharer.get(link);
      if (opened.$('form#share').length > 0) expect((await sharer.submit(opened)).status).toBe(303);
    }
    for (const link of linksIn(page, 'r').slice(0, 2))
      for (let n = 0; n < (index === top ? 5 : 2); n++) {
        const referer = ['https://t.co/x', 'https://www.linkedin.com/feed/', 'https://bsky.app/profile/x'][n % 3]!;
        const answer = await fetch(link, {
          redirect: 'manual',
          headers: { 'x-forwarded-for': `198.51.100.${++visitor}`, referer, 'user-agent': 'Mozilla/5.0' },
        });
        expect(answer.status).toBe(302);
      }
  }
  const preferences = FormClient.forUrl(url);
  const optedIn = await preferences.submit(await preferences.get(linksIn(pages[top]!, 'p')[0]!), {
    fields: { networks: 'linkedin', language: 'en', frequency: 'weekly', showName: 'yes' },
  });
  expect(optedIn.status).toBe(200);
  const optedInName = /<p>([^<·]+) · [^<]+@democity\.example/.exec(await optedIn.text())![1]!.trim();

  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  const closed = await cli(['rewards', 'close', '--month', month]);
  expect(closed.code).toBe(0);
  expect(closed.output).toMatch(new RegExp(`${month} closed: \\d+ winners?`));
  const closedAgain = await cli(['rewards', 'close', '--month', month]);
  expect(closedAgain.output).toMatch(/was closed before: nothing changed/);
  expect(closedAgain.output).toMatch(/Mails: 0 sent now/);
  expect(await outbox(url, /^Rewards for /)).toHaveLength(2); // one summary per demo admin, once

  const browser2 = await launchChromium();
  try {
    const context = await browser2.newContext({ viewport: { width: 1280, height: 900 } });
    const elsewhere: string[] = [];
    await context.route('**/*', (route) => {
      if (new URL(route.request().url()).hostname === '127.0.0.1') return route.continue();
      elsewhere.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    // signed in in the browser as a person is: the form, then the newest link in the outbox, then its button
    const before = (await outboxSignInMails(url)(ULLA)).length;
    await page.goto(`${url}/admin/login`);
    await page.fill('#email', ULLA);
    await page.click('button[type="submit"]');
    await page.waitForSelector('text=a sign-in link is on its way');
    const raw = await waitUntil('a new sign-in mail', async () => {
      const mails = await outboxSignInMails(url)(ULLA);
      return mails.length > before ? mails[0] : undefined;
    });
    await page.goto(/(http:\/\/127\.0\.0\.1:\d+\/admin\/login\/[\w.-]+)/.exec(raw.replace(/=\r?\n/g, ''))![1]!);
    await Promise.all([page.waitForURL(`${url}/admin`), page.click('button:has-text("Sign in")')]);
    await page.goto(`${url}/admin/leaderboards`);
    await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'admin-leaderboards.png'), fullPage: true });
    const boards = await page.$$eval('section.board', (sections) =>
      sections.map((section) => [...section.querySelectorAll('li')].map((li) => li.textContent!.trim())),
    );
    expect(boards).toHaveLength(3); // week, month, all time
    expect(boards[1]!.length).toBeGreaterThanOrEqual(4);
    expect(boards[1]![0]).toContain(optedInName); // the top sharer, named because they opted in
    expect(boards[1]!.filter((line) => /^An advocate from /.test(line)).length).toBeGreaterThanOrEqual(3);
    expect(await page.textContent('main')).toContain(month); // the closed month and its winners

    await page.goto(`${url}/admin/analytics`);
    await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'admin-analytics.png'), fullPage: true });
    const charts = await page.$$eval('svg.chart', (svgs) =>
      svgs.map((svg) => ({ bars: svg.querySelectorAll('rect[height], rect[width]').length, width: svg.getBoundingClientRect().width })),
    );
    expect(charts.length).toBeGreaterThanOrEqual(7);
    expect(charts.every((chart) => chart.width > 300 && chart.bars > 0)).toBe(true);
    const weekly = await page.$$eval('#weekly rect', (rects) => rects.some((rect) => Number(rect.getAttribute('height')) > 0));
    expect(weekly).toBe(true);
    const csv = await (await ulla.request('/admin/analytics/by-network.csv')).text();
    expect(csv).toMatch(/^Network,Share pages opened,Shares,Clicks\r\n/);
    expect(csv).toMatch(/\r\nx,\d+,\d+,[1-9]\d*\r\n/);
    expect(elsewhere).toEqual([]);
  } finally {
    await browser2.close();
  }
  expect(await third.stop()).toEqual({ code: 0, signal: null });
}, 540_000); // a bound for a hang: three starts of kaiku dev took over 300 s beside a load of 22 on two cores
