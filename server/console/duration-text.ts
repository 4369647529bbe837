import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { formatDuration } from '../../config/units.js';

// A duration as the console says it: "7 days", "7 päivää", "7 dygn". English is config/units' formatDuration (the
// words kaiku.yaml's durations are written in); Finnish and Swedish are Intl's unit names, rounded to the largest
// whole unit as formatDuration rounds.

const UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
] as const;

// The unit words an admin may type in Finnish or Swedish (singular, partitive, plural), by the English unit `ms` reads.
const TYPED_UNITS: Record<string, string> = Object.fromEntries(
  (
    [
      ['seconds', ['sekunti', 'sekuntia', 'sekunnin', 'sekund', 'sekunder', 'sekunden']],
      ['minutes', ['minuutti', 'minuuttia', 'minuutin', 'minut', 'minuter', 'minuten']],
      ['hours', ['tunti', 'tuntia', 'tunnin', 'timme', 'timmar', 'timmen', 'tim']],
      ['days', ['päivä', 'päivää', 'päivän', 'vrk', 'dag', 'dagar', 'dygn', 'dagen']],
      ['weeks', ['viikko', 'viikkoa', 'viikon', 'vecka', 'veckor', 'veckan']],
    ] as const
  ).flatMap(([english, words]) => words.map((word) => [word, english])),
);

/**
 * A duration typed in Finnish or Swedish words, as the English ones kaiku.yaml's durations are read in; any other
 * text as it is, for the schema to read or refuse.
 * @example
 * englishDuration('15 minuuttia') // '15 minutes'
 * englishDuration('1,5 timmar')   // '1.5 hours'
 * englishDuration('2 hours')      // '2 hours'
 */
export function englishDuration(text: string): string {
  const typed = /^\s*(\d+(?:[.,]\d+)?)\s*(\p{L}+)\s*$/u.exec(text);
  const unit = typed ? TYPED_UNITS[typed[2]!.toLowerCase()] : undefined;
  return typed && unit ? `${typed[1]!.replace(',', '.')} ${unit}` : text;
}

/**
 * @example
 * durationText(7 * 86_400_000, 'fi')   // '7 päivää'
 * durationText(3_600_000, 'sv')        // '1 timme'
 * durationText(7 * 86_400_000, 'en')   // '7 days'
 */
export function durationText(milliseconds: number, language: ConsoleLanguage): string {
  if (language === 'en') return formatDuration(milliseconds);
  const [unit, size] = UNITS.find(([, size]) => Math.abs(milliseconds) >= size) ?? ['millisecond', 1];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(Math.round(milliseconds / size));
}
