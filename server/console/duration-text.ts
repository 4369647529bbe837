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
