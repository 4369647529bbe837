import { expect, test } from 'vitest';
import { extractPageMetadata } from '../../integrations/feeds/page-metadata.js';

test('Open Graph tags win, relative images resolve against the page, entities decode', () => {
  const meta = extractPageMetadata(
    `<!doctype html><html lang="fi-FI"><head>
      <title>Page title | City</title>
      <meta name="description" content="Plain description">
      <meta property="og:title" content="Kirjasto &amp; maker-paja">
      <meta property="og:description" content="Avajaiset 3.3.">
      <meta property="og:image" content="/files/og.jpg">
      <meta property="og:site_name" content="Vantaa">
      <meta property="article:published_time" content="2026-11-20T09:00:00+02:00">
    </head><body></body></html>`,
    'https://www.vantaa.example/fi/uutiset/kirjasto',
  );
  expect(meta).toEqual({
    title: 'Kirjasto & maker-paja',
    description: 'Avajaiset 3.3.',
    imageUrl: 'https://www.vantaa.example/files/og.jpg',
    language: 'fi',
    siteName: 'Vantaa',
    publishedAt: '2026-11-20T09:00:00+02:00',
  });
});

test('falls back to Twitter cards, then plain HTML; refuses non-http images', () => {
  const twitter = extractPageMetadata(
    `<html><head><title> Plain  title </title><meta name="twitter:image" content="https://cdn.example/t.png"><meta name="description" content="From description"></head></html>`,
    'https://example.org/a',
  );
  expect(twitter).toMatchObject({ title: 'Plain title', description: 'From description', imageUrl: 'https://cdn.example/t.png', language: undefined });
  expect(extractPageMetadata(`<meta property="og:image" content="javascript:alert(1)">`, 'https://example.org/').imageUrl).toBeUndefined();
});
