import { describe, expect, test } from 'vitest';
import { audienceOf, describeSegment, readSegment, type AudienceRow } from '../../rules/urgent/urgent-audience.js';
import { CONSOLE_STRINGS } from '../../server/console/console-strings.js';
import { parseConfigText } from '../../config/load.js';
import { sourceKinds } from '../../activities/sources/registry.js';

// Whom an urgent send reaches (the console's Count and the send's plan ask the same rule), the segment form read
// against the roster's choices, and the mail.urgentCap key's default and refusals.

const AT = new Date('2026-12-02T10:00:00Z');
const WEEK = 7 * 24 * 3_600_000;
const row = (id: string, overrides: Partial<AudienceRow> = {}): AudienceRow => ({
  id,
  language: 'fi',
  branch: 'Library',
  topics: ['culture'],
  time_zone: 'Europe/Helsinki',
  paused_until: null,
  unsubscribed_at: null,
  mail_state: 'ok',
  removed_at: null,
  urgentRecently: 0,
  ...overrides,
});

describe('the audience of an urgent send', () => {
  const rows = [
    row('1'),
    row('2', { urgentRecently: 1 }),
    row('3', { paused_until: '2026-12-10' }),
    row('4', { paused_until: '2026-12-01' }),
    row('5', { unsubscribed_at: AT }),
    row('6', { mail_state: 'bouncing' }),
    row('7', { removed_at: AT, unsubscribed_at: AT }),
    row('8', { branch: 'Schools', language: 'sv', topics: [] }),
  ];

  test('everyone in the segment is reached but those left out, each counted once under the first reason that applies', () => {
    expect(audienceOf(rows, { kind: 'branches', values: ['Library'] }, { count: 1, per: WEEK }, AT)).toEqual({
      reach: ['1', '4'],
      leftOut: { 'cap reached': 1, paused: 1, unsubscribed: 1, bouncing: 1, removed: 1 },
    });
  });

  test('a larger cap, or none, lets the capped advocate in; a pause that ended yesterday does not hold', () => {
    expect(audienceOf(rows, { kind: 'branches', values: ['Library'] }, { count: 2, per: WEEK }, AT).reach).toEqual(['1', '2', '4']);
    expect(audienceOf(rows, { kind: 'branches', values: ['Library'] }, null, AT).reach).toEqual(['1', '2', '4']);
  });

  test('topics and languages select by what the advocate follows and reads', () => {
    expect(audienceOf(rows, { kind: 'languages', values: ['sv'] }, null, AT).reach).toEqual(['8']);
    expect(audienceOf(rows, { kind: 'topics', values: ['culture'] }, null, AT).reach).toEqual(['1', '2', '4']);
    expect(audienceOf(rows, { kind: 'all', values: [] }, null, AT).reach).toEqual(['1', '2', '4', '8']);
  });
});

describe('the segment form', () => {
  const choices = { branches: ['Library', 'Schools'], topics: ['culture'], languages: ['fi', 'sv'] };
  const refusals = CONSOLE_STRINGS.en.urgent.refusals;
  const form = (kind: unknown, values: Partial<Record<'branches' | 'topics' | 'languages', string[]>> = {}) => ({
    kind,
    branches: values.branches ?? [],
    topics: values.topics ?? [],
    languages: values.languages ?? [],
  });

  test('a known choice is read, sorted and without repeats; in words for the page and the trail', () => {
    const read = readSegment(form('branches', { branches: ['Schools', 'Library', 'Schools'] }), choices, refusals);
    expect(read).toEqual({ ok: true, segment: { kind: 'branches', values: ['Library', 'Schools'] } });
    expect(describeSegment({ kind: 'branches', values: ['Library', 'Schools'] })).toBe('branches Library, Schools');
    expect(describeSegment({ kind: 'languages', values: ['sv'] })).toBe('language Swedish');
    expect(describeSegment({ kind: 'all', values: [] })).toBe('all advocates');
  });

  test('no segment, nothing ticked, or a value no advocate has is refused with what to do', () => {
    expect(readSegment(form(undefined), choices, refusals)).toEqual({
      ok: false,
      error: 'Choose whom to send it to: all advocates, or some branches, topics or languages.',
    });
    expect(readSegment(form('topics'), choices, refusals)).toEqual({ ok: false, error: 'Tick at least one topic, or choose all advocates.' });
    expect(readSegment(form('languages', { languages: ['de'] }), choices, refusals)).toEqual({
      ok: false,
      error: 'No advocate on the roster has the language “de”: tick one from the list.',
    });
  });

  test('the refusals in the console’s Finnish and Swedish words', () => {
    const [fi, sv] = [CONSOLE_STRINGS.fi.urgent.refusals, CONSOLE_STRINGS.sv.urgent.refusals];
    expect(readSegment(form('topics'), choices, fi)).toEqual({ ok: false, error: 'Valitse vähintään yksi aihe tai kaikki lähettiläät.' });
    expect(readSegment(form('branches', { branches: ['Parks', 'Zoo'] }), choices, fi)).toEqual({
      ok: false,
      error: 'Yhdelläkään listan lähettiläällä ei ole toimialoja ”Parks”, ”Zoo”: valitse jokin listalta.',
    });
    expect(readSegment(form(undefined), choices, sv)).toEqual({
      ok: false,
      error: 'Välj vem det ska skickas till: alla ambassadörer, eller vissa verksamheter, ämnen eller språk.',
    });
    expect(readSegment(form('languages', { languages: ['de'] }), choices, sv)).toEqual({
      ok: false,
      error: 'Ingen ambassadör på listan har språket ”de”: kryssa för något i listan.',
    });
  });
});

describe('mail.urgentCap', () => {
  const parse = (mail: string) =>
    parseConfigText(`program: { name: Test }\nadmins: [{ name: A, email: a@example.org }]\nsources: []\n${mail}`, 'kaiku.yaml', { kinds: sourceKinds() });

  test('defaults to one urgent mail per advocate in 7 days; a duration is read; null turns it off', async () => {
    expect((await parse('')).config.mail.urgentCap).toEqual({ count: 1, per: WEEK });
    expect((await parse('mail: { urgentCap: { count: 2, per: 14 days } }')).config.mail.urgentCap).toEqual({ count: 2, per: 2 * WEEK });
    expect((await parse('mail: { urgentCap: null }')).config.mail.urgentCap).toBeNull();
  });

  test('a cap of 0 is refused, naming the key and the least allowed', async () => {
    await expect(parse('mail: { urgentCap: { count: 0, per: 7 days } }')).rejects.toThrow(
      'mail.urgentCap.count: number 0 is too small: the least allowed is 1',
    );
  });
});
