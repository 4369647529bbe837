import { describe, expect, test } from 'vitest';
import { localInputValue, localMoment, readSchedule } from '../../rules/digests/item-schedule.js';
import { selectItems } from '../../rules/digests/select-items.js';
import type { DigestCandidate } from '../../db/queries/digests.js';

// An approved item's schedule as the console's form gives it (the programme's clock, Helsinki here), and where a
// pinned or scheduled item goes in the selection.

const ZONE = 'Europe/Helsinki';

describe('the schedule form', () => {
  test('reads ISO and Nordic wall-clock times in the programme’s zone, across the DST change', () => {
    expect(localMoment('2026-12-24 09:00', ZONE)?.toISOString()).toBe('2026-12-24T07:00:00.000Z');
    expect(localMoment('2026-12-24T09:00', ZONE)?.toISOString()).toBe('2026-12-24T07:00:00.000Z');
    expect(localMoment('24.12.2026 9.00', ZONE)?.toISOString()).toBe('2026-12-24T07:00:00.000Z');
    expect(localMoment('1.7.2026 klo 12.30', ZONE)?.toISOString()).toBe('2026-07-01T09:30:00.000Z');
    expect(localMoment('2026-07-01', ZONE)?.toISOString()).toBe('2026-06-30T21:00:00.000Z');
    expect(localInputValue(new Date('2026-07-01T09:30:00Z'), ZONE)).toBe('2026-07-01 12:30');
    expect(localInputValue(null, ZONE)).toBe('');
  });

  test('refuses what is no date, a date that does not exist, and a window that closes before it opens', () => {
    for (const text of ['next friday', '2026-02-31 10:00', '31.13.2026', '2026-12-24 25:00']) expect(localMoment(text, ZONE)).toBeUndefined();
    expect(readSchedule({ notBefore: 'tomorrow', notAfter: '' }, ZONE)).toEqual({
      ok: false,
      errors: { notBefore: 'Not before: “tomorrow” is not a date and time; write it as 2026-12-24 09:00 or 24.12.2026 9.00' },
    });
    expect(readSchedule({ notBefore: '2026-12-24 09:00', notAfter: '2026-12-23 09:00' }, ZONE)).toEqual({
      ok: false,
      errors: { notAfter: 'Not after must be later than not before: the item would never go out' },
    });
    expect(readSchedule({ notBefore: '', notAfter: ' ' }, ZONE)).toEqual({ ok: true, schedule: { notBefore: null, notAfter: null } });
  });
});

const candidate = (id: string, overrides: Partial<DigestCandidate> = {}): DigestCandidate => ({
  id,
  url: `https://city.example/${id}`,
  title: id,
  summary: null,
  image_url: null,
  language: 'fi',
  topics: [],
  branches: [],
  captions: { language: 'fi', networks: {} as DigestCandidate['captions']['networks'], edited: false },
  decided_at: new Date('2026-11-30T08:00:00Z'),
  available_at: new Date('2026-11-30T08:00:00Z'),
  pinned: false,
  source_name: 'News',
  priority: 5,
  ...overrides,
});

describe('the selection', () => {
  const advocate = { language: 'fi', topics: [], branch: null, last_digest_at: new Date('2026-11-23T08:00:00Z') };
  const options = { maxItems: 2, defaultLanguage: 'fi', since: new Date('2026-11-01T00:00:00Z') };

  test('a pinned item goes first, even one approved before the advocate’s last digest, and takes a place of the cap', () => {
    const old = new Date('2026-11-20T08:00:00Z');
    const items = [
      candidate('fresh', { decided_at: new Date('2026-12-01T08:00:00Z'), available_at: new Date('2026-12-01T08:00:00Z') }),
      candidate('newer'),
      candidate('pinned-old', { decided_at: old, available_at: old, pinned: true }),
    ];
    expect(selectItems(advocate, items, undefined, options).map((i) => i.id)).toEqual(['pinned-old', 'fresh']);
    // Received already: pinned or not, never twice.
    expect(selectItems(advocate, items, new Set(['pinned-old']), options).map((i) => i.id)).toEqual(['fresh', 'newer']);
  });

  test('an item whose "not before" came after the advocate’s last digest is new to them, though approved before it', () => {
    const items = [candidate('waited', { decided_at: new Date('2026-11-20T08:00:00Z'), available_at: new Date('2026-11-25T08:00:00Z') })];
    expect(selectItems(advocate, items, undefined, options).map((i) => i.id)).toEqual(['waited']);
  });

  test('a post for some branches reaches only their advocates, whatever their topics; one for no branch reaches all', () => {
    const items = [candidate('social-jobs', { branches: ['Sosiaali- ja terveystoimi'] }), candidate('for-all')];
    const social = { ...advocate, branch: 'sosiaali- ja terveystoimi' };
    const culture = { ...advocate, branch: 'Kulttuuri', topics: ['jobs'] };
    expect(
      selectItems(social, items, undefined, options)
        .map((i) => i.id)
        .sort(),
    ).toEqual(['for-all', 'social-jobs']);
    expect(selectItems(culture, items, undefined, options).map((i) => i.id)).toEqual([]);
    expect(selectItems(advocate, items, undefined, options).map((i) => i.id)).toEqual(['for-all']);
  });
});
