import { describe, expect, test } from 'vitest';
import { canonicalizeUrl, InvalidUrlError } from '../../integrations/feeds/canonical-url.js';

describe('canonicalizeUrl', () => {
  test.each([
    ['strips utm_* parameters, whatever their case', 'https://news.example.org/a?utm_source=rss&UTM_Medium=feed&utm_campaign=x', 'https://news.example.org/a'],
    ['strips fbclid and gclid', 'https://news.example.org/a?fbclid=IwAR0abc&gclid=Cj0KCQ&id=7', 'https://news.example.org/a?id=7'],
    ['drops the fragment', 'https://news.example.org/a#comments', 'https://news.example.org/a'],
    ['lowercases the host but not the path', 'https://News.Example.ORG/Uutiset/Kirjasto', 'https://news.example.org/Uutiset/Kirjasto'],
    ['drops the default port and a trailing dot on the host', 'https://news.example.org.:443/a', 'https://news.example.org/a'],
    ['sorts the parameters that remain', 'https://news.example.org/a?b=2&a=1&a=0', 'https://news.example.org/a?a=0&a=1&b=2'],
    ['keeps a non-default port', 'http://news.example.org:8080/a', 'http://news.example.org:8080/a'],
    ['drops credentials', 'https://user:pw@news.example.org/a', 'https://news.example.org/a'],
    ['keeps meaningful parameters untouched', 'https://example.org/search?q=kirjasto+vantaa&page=2', 'https://example.org/search?page=2&q=kirjasto+vantaa'],
    ['removes an empty query', 'https://example.org/a?utm_source=x', 'https://example.org/a'],
    ['keeps a bare flag as it is (?rss is not ?rss=)', 'https://example.org/view?rss&utm_source=x&id=4', 'https://example.org/view?id=4&rss'],
    ['keeps each parameter as encoded', 'https://example.org/a?q=a%20b&x=%C3%A4', 'https://example.org/a?q=a%20b&x=%C3%A4'],
  ])('%s', (_name, input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  test('resolves a relative link against the source URL', () => {
    expect(canonicalizeUrl('/uutiset/a?utm_medium=x', 'https://www.vantaa.example/fi/rss.xml')).toBe('https://www.vantaa.example/uutiset/a');
  });

  test('the same article with different tracking is one URL', () => {
    const a = canonicalizeUrl('https://Example.org/story?utm_source=facebook#top');
    const b = canonicalizeUrl('https://example.org/story?fbclid=xyz&utm_medium=social');
    expect(a).toBe(b);
  });

  test.each(['javascript:alert(1)', 'mailto:someone@example.org', 'not a url', 'ftp://example.org/file'])('refuses %s', (input) => {
    expect(() => canonicalizeUrl(input)).toThrow(InvalidUrlError);
  });
});
