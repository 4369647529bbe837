import { localDate } from '../digests/digest-moment.js';
import type { AudienceRow } from '../../db/queries/urgent.js';
import type { UrgentSegmentJson } from '../../db/schema.js';

export type { AudienceRow };
/** The segment a communicator picks: everyone, or the advocates of some branches, topics or languages. */
export type UrgentSegment = UrgentSegmentJson;

// Who an urgent send reaches: the advocates in the segment, less those it leaves out, each with why. Pure: the
// console's Count step and the send's planning ask it over the same rows, so the page's number is the send's.

/** Why an advocate in the segment gets no urgent mail, in the order they are asked. */
export const LEFT_OUT_REASONS = ['removed', 'unsubscribed', 'paused', 'bouncing', 'cap reached'] as const;
export type LeftOutReason = (typeof LEFT_OUT_REASONS)[number];

export interface UrgentCap {
  count: number;
  /** The window, in milliseconds. */
  per: number;
}

export interface Audience {
  /** The advocates it mails, in id order. */
  reach: string[];
  /** How many in the segment it leaves out, by reason (only reasons with someone). */
  leftOut: Partial<Record<LeftOutReason, number>>;
}

export function inSegment(row: Pick<AudienceRow, 'language' | 'branch' | 'topics'>, segment: UrgentSegment): boolean {
  switch (segment.kind) {
    case 'all':
      return true;
    case 'branches':
      return row.branch !== null && segment.values.includes(row.branch);
    case 'topics':
      return row.topics.some((topic) => segment.values.includes(topic));
    case 'languages':
      return segment.values.includes(row.language);
  }
}

/** Why `row` is left out at `at`, or undefined when the mail goes. Bouncing addresses are left out: an urgent mail is extra, not owed. */
export function leftOutBecause(row: AudienceRow, cap: UrgentCap | null, at: Date): LeftOutReason | undefined {
  if (row.removed_at) return 'removed';
  if (row.unsubscribed_at) return 'unsubscribed';
  if (row.mail_state === 'paused' || (row.paused_until !== null && row.paused_until > localDate(at, row.time_zone))) return 'paused';
  if (row.mail_state === 'bouncing') return 'bouncing';
  if (cap && row.urgentRecently >= cap.count) return 'cap reached';
  return undefined;
}

/**
 * @example
 * audienceOf(rows, { kind: 'branches', values: ['Library'] }, { count: 1, per: 7 * 86_400_000 }, new Date());
 * // { reach: ['3', '7'], leftOut: { 'cap reached': 1 } }
 */
export function audienceOf(rows: readonly AudienceRow[], segment: UrgentSegment, cap: UrgentCap | null, at: Date): Audience {
  const audience: Audience = { reach: [], leftOut: {} };
  for (const row of rows) {
    if (!inSegment(row, segment)) continue;
    const why = leftOutBecause(row, cap, at);
    if (why) audience.leftOut[why] = (audience.leftOut[why] ?? 0) + 1;
    else audience.reach.push(row.id);
  }
  return audience;
}

const LANGUAGE_NAMES: Record<string, string> = { fi: 'Finnish', sv: 'Swedish', da: 'Danish', en: 'English' };

/** A language code as the console names it. */
export function languageName(code: string): string {
  return LANGUAGE_NAMES[code] ?? code;
}

/**
 * The segment in words, for the page and the trail.
 * @example
 * describeSegment({ kind: 'branches', values: ['Library', 'Schools'] }); // 'branches Library, Schools'
 */
export function describeSegment(segment: UrgentSegment): string {
  if (segment.kind === 'all') return 'all advocates';
  const values = segment.kind === 'languages' ? segment.values.map(languageName) : segment.values;
  const [one, many] = segment.kind === 'branches' ? ['branch', 'branches'] : segment.kind === 'topics' ? ['topic', 'topics'] : ['language', 'languages'];
  return `${values.length === 1 ? one : many} ${values.join(', ')}`;
}

/** The kinds of segment that name some values: branches, topics or languages. */
export type SegmentKind = Exclude<UrgentSegment['kind'], 'all'>;

/** The words of readSegment's refusals, in the console's language (server/console/console-strings.ts, `urgent.refusals`). */
export interface SegmentRefusals {
  /** No segment chosen. */
  noKind: string;
  /** A kind chosen with none of its values ticked. */
  noneTicked: (kind: SegmentKind) => string;
  /** Values no advocate on the roster has. */
  unknown: (kind: SegmentKind, values: readonly string[]) => string;
}

/**
 * What the segment form said, checked against the choices the roster has; the reason, in `refusals`' words, when it
 * cannot be sent.
 * @example
 * readSegment({ kind: 'topics', branches: [], topics: [], languages: [] }, choices, CONSOLE_STRINGS.en.urgent.refusals);
 * // { ok: false, error: 'Tick at least one topic, or choose all advocates.' }
 */
export function readSegment(
  form: { kind: unknown; branches: readonly unknown[]; topics: readonly unknown[]; languages: readonly unknown[] },
  choices: { branches: readonly string[]; topics: readonly string[]; languages: readonly string[] },
  refusals: SegmentRefusals,
): { ok: true; segment: UrgentSegment } | { ok: false; error: string } {
  const kind = form.kind;
  if (kind === 'all') return { ok: true, segment: { kind: 'all', values: [] } };
  if (kind !== 'branches' && kind !== 'topics' && kind !== 'languages') return { ok: false, error: refusals.noKind };
  const given = [
    ...new Set(
      form[kind]
        .map(String)
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
  if (given.length === 0) return { ok: false, error: refusals.noneTicked(kind) };
  const unknown = given.filter((value) => !choices[kind].includes(value));
  if (unknown.length > 0) return { ok: false, error: refusals.unknown(kind, unknown) };
  return { ok: true, segment: { kind, values: given.sort((a, b) => a.localeCompare(b)) } };
}
