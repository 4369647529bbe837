import { expect, test } from 'vitest';
import { pendingCard, type CardItem } from '../../integrations/slack/approval-card.js';
import { proposeFromTemplates } from '../../rules/captions/caption-variants.js';
import { NETWORKS } from '../../rules/captions/caption-limits.js';

// The Slack approval card shows every caption variant an advocate may get, and stays within Block Kit's 50
// blocks per message with three variants on every network (Slack refuses a longer message).

const url = 'https://www.vantaa.fi/uutiset/kirjasto';
const three = ['Uutta: {title} {link}', 'Lue: {title} {link}', 'Jaa tämä: {title} {link}'];
const captions = proposeFromTemplates(
  { title: 'Kirjasto avautuu', summary: 'Pääkirjasto avautuu maanantaina.', url, language: 'fi', hashtags: [] },
  Object.fromEntries(NETWORKS.map((network) => [network, three])),
);
const item: CardItem = {
  id: 'item-1',
  title: 'Kirjasto avautuu',
  url,
  summary: 'Pääkirjasto avautuu maanantaina.',
  imageUrl: 'https://www.vantaa.fi/k.jpg',
  sourceName: 'Vantaa',
  captions,
};

test('each network names its variants and shows each one; the card keeps within 50 blocks', () => {
  const { blocks } = pendingCard(item, 'Vantaan kaupunki');
  const texts = JSON.stringify(blocks);
  for (const template of three) expect(texts).toContain(JSON.stringify(template.replace('{title}', 'Kirjasto avautuu').replace('{link}', url)));
  expect(texts.split('· 3 variants, one per advocate').length - 1).toBe(NETWORKS.length);
  expect(blocks.length).toBeLessThanOrEqual(50);
});

test('a network an approver rewrote shows only their words', () => {
  const rewritten = { ...captions, networks: { ...captions.networks, linkedin: 'Our own words' }, edited: true };
  const texts = JSON.stringify(pendingCard({ ...item, captions: rewritten }, 'Vantaan kaupunki').blocks);
  expect(texts).toContain('Our own words');
  expect(texts).toContain('*LinkedIn*');
  expect(texts).not.toContain('*LinkedIn* · 3 variants');
});
