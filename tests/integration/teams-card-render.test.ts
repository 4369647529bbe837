import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, loopbackContext } from '../helpers/browser.js';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';
import { approvedPostCard, decidedTeamsCard, pendingTeamsCard, type AdaptiveCard } from '../../integrations/teams/approval-card.js';
import { proposeCaptions } from '../../rules/captions/captions.js';
import { NETWORK_NAMES, NETWORKS } from '../../rules/captions/caption-limits.js';
import type { CardItem } from '../../integrations/slack/approval-card.js';

// The Teams cards as Microsoft's Adaptive Cards renderer (the `adaptivecards` npm package, the one Teams' web
// client is built on) draws them in Chromium: screenshots in test-results/, and what a reader sees checked.

const hostile = '[Log in](https://evil.example/login) **now** <b>bold</b>';
const item: CardItem = {
  id: 'item-1',
  title: `Kirjasto avautuu maanantaina – ${hostile}`,
  url: 'https://www.vaasa.fi/uutiset/kirjasto-avautuu',
  summary: 'Vaasan pääkirjasto avautuu remontin jälkeen maanantaina 14.10. Tervetuloa! Aukioloajat ovat ennallaan.',
  imageUrl: null,
  sourceName: 'Vaasan kaupunki',
  captions: proposeCaptions({
    title: 'Kirjasto avautuu maanantaina',
    summary: 'Vaasan pääkirjasto avautuu remontin jälkeen maanantaina 14.10.',
    url: 'https://www.vaasa.fi/uutiset/kirjasto-avautuu',
    language: 'fi',
    hashtags: ['#OnnellisenArjenTekijät'],
  }),
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(join(PROJECT_ROOT, 'test-results'), { recursive: true });
});
afterAll(async () => browser?.close());

async function render(card: AdaptiveCard, name: string): Promise<{ page: Page; elsewhere: string[] }> {
  const { context, elsewhere } = await loopbackContext(browser);
  const page = await context.newPage();
  await page.setViewportSize({ width: 560, height: 900 });
  await page.setContent('<!doctype html><html><body style="margin:16px;font-family:sans-serif;background:#f5f5f5"><div id="card"></div></body></html>');
  await page.addStyleTag({ path: join(PROJECT_ROOT, 'node_modules/adaptivecards/dist/adaptivecards.css') });
  await page.addScriptTag({ path: join(PROJECT_ROOT, 'node_modules/adaptivecards/dist/adaptivecards.js') });
  const errors = await page.evaluate((json) => {
    const ac = (window as any).AdaptiveCards;
    // Teams reads Markdown in TextBlocks (links, bold): so does this page, so that feed text in one would show as a link here.
    ac.AdaptiveCard.onProcessMarkdown = (markdown: string, result: { outputHtml?: string; didProcess: boolean }) => {
      result.outputHtml = markdown.replace(/\[([^\]]+)\]\(([^)]+)\)/g, '<a href="$2">$1</a>').replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>');
      result.didProcess = true;
    };
    const adaptive = new ac.AdaptiveCard();
    const context = new ac.SerializationContext();
    adaptive.parse(json, context);
    document.getElementById('card')!.appendChild(adaptive.render());
    return context.eventCount;
  }, card);
  expect(errors).toBe(0);
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', `teams-card-${name}.png`), fullPage: true });
  return { page, elsewhere };
}

test('the pending card renders its item, captions and Approve / Reject / Edit caption; feed text is shown as written, never as a link', async () => {
  const { page, elsewhere } = await render(pendingTeamsCard(item, 'Vaasan kaupungin työntekijälähettiläät'), 'pending');
  const text = await page.locator('#card').innerText();
  expect(text).toContain('Kirjasto avautuu maanantaina');
  expect(text).toContain(hostile);
  for (const network of NETWORKS) expect(text).toContain(NETWORK_NAMES[network]);
  const buttons = await page.locator('#card button').allInnerTexts();
  expect(buttons.map((b) => b.trim())).toEqual(['Approve', 'Reject', 'Edit caption', 'Open the article']);
  expect(await page.locator('#card a[href*="evil.example"]').count()).toBe(0);
  expect(await page.locator('#card b').count()).toBe(0);
  await page.locator('#card button', { hasText: 'Edit caption' }).click();
  expect(await page.locator('#card textarea').count()).toBe(NETWORKS.length);
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', 'teams-card-edit.png'), fullPage: true });
  expect(elsewhere).toEqual([]);
});

test('the decided card shows the outcome and who decided, with no decision buttons left; the programme post renders', async () => {
  const decided = decidedTeamsCard(item, 'Vaasan kaupungin työntekijälähettiläät', { outcome: 'approved', by: 'Anne Lindell', at: '2026-10-14T09:30:00.000Z' });
  const { page } = await render(decided, 'approved');
  const text = await page.locator('#card').innerText();
  expect(text).toMatch(/Approved/);
  expect(text).toContain('Anne Lindell');
  expect((await page.locator('#card button').allInnerTexts()).map((b) => b.trim())).toEqual(['Open the article']);
  const post = await render(approvedPostCard(item, 'Vaasan kaupungin työntekijälähettiläät'), 'programme-post');
  expect(await post.page.locator('#card').innerText()).toContain('ready to share');
});
