import { describe, expect, test } from 'vitest';
import { acceptedLanguage, chooseConsoleLanguage } from '../../server/console/console-language.js';
import { consoleBack } from '../../server/routes/admin-language.js';
import { localTimeText } from '../../server/pages/local-time.js';
import { timeAgo } from '../../server/pages/layout.js';
import { durationText, englishDuration } from '../../server/console/duration-text.js';
import { duration } from '../../config/units.js';

// The console's language rule (the admin's choice, else the browser's fi/sv/en, else English), where the picker may
// send the browser back to, and times in each language: the pieces browser-console-language.test.ts clicks through.

describe('the console language', () => {
  test('the admin’s stored choice wins; else the first of fi, sv and en the browser ranks highest; else English', () => {
    expect(chooseConsoleLanguage('sv', 'fi-FI,fi;q=0.9')).toBe('sv');
    expect(chooseConsoleLanguage(undefined, 'fi-FI,fi;q=0.9,en;q=0.8')).toBe('fi');
    expect(chooseConsoleLanguage(undefined, 'de-DE,de;q=0.9,sv;q=0.5,en;q=0.7')).toBe('en');
    expect(chooseConsoleLanguage(undefined, 'de-DE,sv-FI;q=0.8')).toBe('sv');
    expect(chooseConsoleLanguage(undefined, 'de-DE,fr')).toBe('en');
    expect(chooseConsoleLanguage(undefined, undefined)).toBe('en');
    expect(acceptedLanguage('fi;q=0,sv;q=0.1')).toBe('sv');
    expect(acceptedLanguage('*')).toBeUndefined();
  });

  test('back goes only to a console path on this site', () => {
    expect(consoleBack('/admin')).toBe('/admin');
    expect(consoleBack('/admin/items/42?done=pinned')).toBe('/admin/items/42?done=pinned');
    for (const elsewhere of [
      'https://evil.example/admin',
      '//evil.example/admin',
      '/\\evil.example/admin',
      '/outbox',
      '/adminx',
      '/admin@evil',
      'admin',
      '',
      undefined,
      ['/admin'],
    ])
      expect(consoleBack(elsewhere), String(elsewhere)).toBe('/admin');
    expect(consoleBack('/admin/../outbox')).toBe('/admin');
  });

  test('times read as each language writes them', () => {
    const at = new Date('2026-12-02T06:15:00Z');
    expect(localTimeText(at, 'Europe/Helsinki')).toBe('2026-12-02 08:15 EET');
    expect(localTimeText(at, 'Europe/Helsinki', 'sv')).toBe('2026-12-02 08:15 EET');
    expect(localTimeText(at, 'Europe/Helsinki', 'fi')).toBe('2.12.2026 klo 08.15 UTC+2');
    const now = new Date(at.getTime() + 3 * 60_000);
    expect(timeAgo(at, now, 'en')).toBe('3 minutes ago');
    expect(timeAgo(at, now, 'fi')).toBe('3 minuuttia sitten');
    expect(timeAgo(at, now, 'sv')).toBe('för 3 minuter sedan');
    expect(timeAgo(at, new Date(at.getTime() + 86_400_000), 'fi')).toBe('eilen');
    expect(timeAgo(at, new Date(at.getTime() + 10_000), 'sv')).toBe('alldeles nyss');
  });

  test('durations read as each language says them, rounded to the largest whole unit as kaiku.yaml’s English is', () => {
    const day = 86_400_000;
    expect(durationText(7 * day, 'en')).toBe('7 days');
    expect(durationText(7 * day, 'fi')).toBe('7 päivää');
    expect(durationText(7 * day, 'sv')).toBe('7 dygn');
    expect(durationText(day, 'fi')).toBe('1 päivä');
    expect(durationText(36 * 3_600_000, 'fi')).toBe('2 päivää');
    expect(durationText(3_600_000, 'sv')).toBe('1 timme');
    expect(durationText(90 * 60_000, 'en')).toBe('2 hours');
    expect(durationText(90 * 60_000, 'sv')).toBe('2 timmar');
    expect(durationText(30 * 60_000, 'fi')).toBe('30 minuuttia');
  });

  test('a duration typed in Finnish or Swedish words reads as kaiku.yaml’s English does; what each language writes reads back', () => {
    const read = (text: string) => duration().parse(englishDuration(text));
    expect(read('15 minuuttia')).toBe(15 * 60_000);
    expect(read('1 tunti')).toBe(3_600_000);
    expect(read('1,5 tuntia')).toBe(90 * 60_000);
    expect(read('2 Timmar')).toBe(2 * 3_600_000);
    expect(read('1 dygn')).toBe(86_400_000);
    expect(read('2 veckor')).toBe(14 * 86_400_000);
    expect(read('30 sekuntia')).toBe(30_000);
    expect(englishDuration('2 hours')).toBe('2 hours');
    // Words without a number, or units it does not know, go on as typed for the schema to refuse.
    expect(englishDuration('kaksi viikkoa')).toBe('kaksi viikkoa');
    expect(englishDuration('15 kuukautta')).toBe('15 kuukautta');
    for (const language of ['fi', 'sv', 'en'] as const)
      for (const milliseconds of [30_000, 15 * 60_000, 3_600_000, 6 * 3_600_000, 86_400_000, 7 * 86_400_000])
        expect(read(durationText(milliseconds, language)), `${language} ${milliseconds}`).toBe(milliseconds);
  });
});
