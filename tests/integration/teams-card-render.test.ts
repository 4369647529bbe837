import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { renderAdaptiveCard } from '../helpers/adaptive-card.js';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';
import { approvedPostCard, decidedTeamsCard, pendingTeamsCard, type AdaptiveCard } from '../../integrations/teams/approval-card.js';
import { proposeCaptions } from '../../rules/captions/captions.js';
import { proposeFromTemplates } from '../../rules/captions/caption-variants.js';
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

const render = (card: AdaptiveCard, name: string) => renderAdaptiveCard(browser, card, name);

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

test('where the captions page gives a network variants, the card shows the approver each of them, as Teams draws it', async () => {
  const captions = proposeFromTemplates(
    { title: 'Kirjasto avautuu maanantaina', summary: null, url: item.url, language: 'fi', hashtags: [] },
    { linkedin: ['Uutta meiltä: {title} {link}', 'Lue tämä! {title} {link}'] },
  );
  const { page } = await render(pendingTeamsCard({ ...item, captions }, 'Vaasan kaupunki'), 'pending-variants');
  const text = await page.locator('#card').innerText();
  expect(text).toContain('LinkedIn · 2 variants, one per advocate');
  expect(text).toContain(`Uutta meiltä: Kirjasto avautuu maanantaina ${item.url}`);
  expect(text).toContain(`Lue tämä! Kirjasto avautuu maanantaina ${item.url}`);
  expect(text).not.toContain('X · ');
});
