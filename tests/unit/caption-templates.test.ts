import { describe, expect, test } from 'vitest';
import { NETWORKS, NETWORK_RULES } from '../../rules/captions/caption-limits.js';
import { DEFAULT_TEMPLATE, parseTemplate, renderTemplate, templateLength, type TemplatePiece } from '../../rules/captions/caption-templates.js';
import { TARGET, proposeCaptions, type CaptionInput } from '../../rules/captions/captions.js';
import { captionFor, captionsFor, proposeFromTemplates, variantIndex } from '../../rules/captions/caption-variants.js';
import { programHashtags } from '../../rules/captions/program-hashtags.js';
import { readHashtagsForm, readTemplateForm } from '../../server/console/caption-form.js';

const pieces = (template: string): TemplatePiece[] => {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.pieces;
};

const item = (over: Partial<CaptionInput> = {}): CaptionInput => ({
  title: 'Library opens on Sundays',
  summary: 'From March the central library is open on Sundays from 12 to 18, with the children’s floor staffed.',
  url: 'https://city.example/news/library-sundays',
  language: 'fi',
  hashtags: ['#CityLife', '#Library'],
  ...over,
});

describe('parsing a template', () => {
  test('the four placeholders, with text between, and any other brace kept as text', () => {
    expect(parseTemplate('{title} {:} read: { link }')).toEqual({
      ok: true,
      pieces: [{ placeholder: 'title' }, { text: ' {:} read: ' }, { placeholder: 'link' }],
    });
  });

  test('an unknown placeholder is refused with its name and the ones kaiku knows', () => {
    expect(parseTemplate('{title} {author} {link}')).toEqual({
      ok: false,
      error: '“{author}” is not a placeholder kaiku knows: use {title}, {summary}, {link} or {hashtags}.',
    });
  });

  test('a template without {link}, or with nothing in it, is refused', () => {
    expect(parseTemplate('{title} {summary}')).toEqual({
      ok: false,
      error: 'The template has no {link}: add it where the link goes (it is what advocates share).',
    });
    expect(parseTemplate('  \n')).toMatchObject({ ok: false, error: expect.stringContaining('The template is empty') });
  });
});

describe('rendering and fitting', () => {
  test('the default template reproduces today’s proposal on every network, for long, short, empty and repeating summaries', () => {
    const long = 'Word '.repeat(600).trim();
    const cases = [
      item(),
      item({ summary: null }),
      item({ summary: '' }),
      item({ summary: long }),
      // Stored titles are trimmed (activities/normalize-item.ts), as this one is.
      item({ title: `A very long title ${'that goes on '.repeat(40)}`.trim(), summary: long }),
      item({ summary: 'Library opens on Sundays and more' }),
      item({ hashtags: [] }),
      item({ title: 'The #Library opens' }),
    ];
    for (const input of cases) {
      const proposed = proposeCaptions(input);
      for (const network of NETWORKS)
        expect(renderTemplate(pieces(DEFAULT_TEMPLATE), input, network, TARGET[network]), network).toBe(proposed.networks[network]);
    }
  });

  test('an empty summary leaves no blank lines behind, and the hashtags the title already has are left out', () => {
    const caption = renderTemplate(
      pieces('Uutta: {title}\n\n{summary}\n\nLue lisää: {link}\n{hashtags}'),
      item({ summary: null, title: 'The #Library opens' }),
      'linkedin',
    );
    expect(caption).toBe('Uutta: The #Library opens\n\nLue lisää: https://city.example/news/library-sundays\n#CityLife');
  });

  test('over the limit, the summary is shortened first, then the title, and the template’s own words stay', () => {
    const input = item({ title: 'T'.repeat(100), summary: 'word '.repeat(200).trim() });
    const caption = renderTemplate(pieces('Jaa tämä! {title} — {summary} {link}'), input, 'x');
    expect(NETWORK_RULES.x.count(caption)).toBeLessThanOrEqual(280);
    expect(caption.startsWith(`Jaa tämä! ${'T'.repeat(100)} — word`)).toBe(true);
    expect(caption).toContain('… https://city.example/news/library-sundays');
    const titleToo = renderTemplate(pieces('{title} {link}'), item({ title: 'Long words '.repeat(40).trim(), summary: null }), 'x');
    expect(NETWORK_RULES.x.count(titleToo)).toBeLessThanOrEqual(280);
    expect(titleToo).toMatch(/… https:\/\/city\.example/);
  });

  test('a template’s length is its words, the link as the network counts it and the hashtags, without title and summary', () => {
    expect(templateLength(pieces('{title} Read: {link}'), 'x', 'https://city.example/a-very-long-link/that-x-counts-as-23', [])).toMatchObject({
      length: 6 + 23,
      ok: true,
    });
    const over = templateLength(pieces(`${'a'.repeat(290)} {link}`), 'x', 'https://city.example/x', []);
    expect(over).toMatchObject({ length: 314, limit: 280, ok: false });
    expect(over.problem).toBe(
      'Without the title and summary this template is already 314 characters; X allows 280 (characters, a link counting as 23). Shorten it by 34.',
    );
  });
});

describe('variants', () => {
  const templates = { linkedin: ['A: {title} {link}', 'B: {title} {link}', 'C: {title} {link}'] };

  test('with no template, the proposal is today’s, and it has no variants', () => {
    expect(proposeFromTemplates(item(), {})).toEqual(proposeCaptions(item()));
  });

  test('two or three templates become the first caption and the variants; other networks keep the proposal', () => {
    const captions = proposeFromTemplates(item(), templates);
    expect(captions.networks.linkedin).toBe('A: Library opens on Sundays https://city.example/news/library-sundays');
    expect(captions.variants?.linkedin).toHaveLength(3);
    expect(captions.networks.x).toBe(proposeCaptions(item()).networks.x);
    expect(captions.variants?.x).toBeUndefined();
  });

  test('each advocate gets one variant, the same every time, and colleagues get different ones', () => {
    const captions = proposeFromTemplates(item(), templates);
    const chosen = Array.from({ length: 30 }, (_, i) => captionFor(captions, 'linkedin', String(i + 1), 'item-1'));
    expect(new Set(chosen).size).toBe(3);
    expect(captionFor(captions, 'linkedin', '7', 'item-1')).toBe(chosen[6]);
    expect(variantIndex('7', 'item-1', 3)).toBe(variantIndex('7', 'item-1', 3));
    expect(captionsFor(captions, '7', 'item-1')).toEqual({ language: 'fi', networks: { ...captions.networks, linkedin: chosen[6] }, edited: false });
  });

  test('an approver’s edit of a network wins over all its variants; a stored item without variants reads as before', () => {
    const captions = proposeFromTemplates(item(), templates);
    const edited = { ...captions, networks: { ...captions.networks, linkedin: 'Approver words https://city.example/news/library-sundays' }, edited: true };
    for (const advocate of ['1', '2', '3', '4']) expect(captionFor(edited, 'linkedin', advocate, 'item-1')).toBe(edited.networks.linkedin);
    const old = proposeCaptions(item());
    expect(captionFor(old, 'linkedin', '1', 'item-1')).toBe(old.networks.linkedin);
  });
});

describe('the console’s forms', () => {
  const body = (variants: string[]) => ({ network: 'linkedin', language: 'fi', variant1: variants[0], variant2: variants[1], variant3: variants[2] });

  test('a good form gives its variants, the empty ones left out', () => {
    expect(readTemplateForm(body(['{title} {link}', '', 'Lue: {link}']), ['fi', 'en'], 'https://x.example/a', [])).toMatchObject({
      ok: true,
      bodies: ['{title} {link}', 'Lue: {link}'],
    });
  });

  test('each bad variant is refused with its own reason; a language the programme does not speak is refused', () => {
    const read = readTemplateForm(body(['{title} {link}', '{titel} {link}', `${'x'.repeat(3001)} {link}`]), ['fi'], 'https://x.example/a', []);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.variant2).toContain('“{titel}” is not a placeholder kaiku knows');
    expect(read.errors.variant3).toContain('LinkedIn allows 3000');
    expect(read.errors.variant1).toBeUndefined();
    expect(readTemplateForm({ ...body(['{link}']), language: 'de' }, ['fi'], 'https://x.example/a', [])).toMatchObject({
      ok: false,
      errors: { form: 'Choose one of the programme’s languages (fi).' },
    });
  });

  test('hashtags are read with the config’s own schema and its words', () => {
    expect(readHashtagsForm({ hashtags: 'Kaiku, #City' })).toEqual({ ok: true, tags: ['#Kaiku', '#City'], typed: 'Kaiku, #City' });
    expect(readHashtagsForm({ hashtags: '#Good #bad-tag' })).toEqual({
      ok: false,
      typed: '#Good #bad-tag',
      error: '“#bad-tag”: a hashtag is letters, digits and underscores, with no spaces',
    });
  });

  test('the hashtag rule: kaiku.yaml’s win, the console’s when the yaml sets none', () => {
    expect(programHashtags(['#Yaml'], ['#Console'])).toEqual({ tags: ['#Yaml'], from: 'kaiku.yaml' });
    expect(programHashtags([], ['#Console'])).toEqual({ tags: ['#Console'], from: 'console' });
    expect(programHashtags([], undefined)).toEqual({ tags: [], from: 'none' });
  });
});
