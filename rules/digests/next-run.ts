import type { AdvocateRow, HeldReason } from '../../db/schema.js';
import { insertionPoint } from '../insertion-point.js';

// The next digest run as the console's "This week" shows it: each advocate's outcome (the items they get, or why
// they get none), summed per language, branch and topic. Pure: the dry plan (activities/digest-plan.ts) feeds it
// what the run's own planning and selection decide.

/** Why an advocate gets no digest in the run, in the order they are asked (the run's own order of checks). */
export const NO_DIGEST_REASONS = [
  'unsubscribed',
  'bounced',
  'paused',
  'snoozed',
  'not due',
  'already had it',
  'quiet period',
  'weekly cap',
  'nothing matches',
] as const;
export type NoDigestReason = (typeof NO_DIGEST_REASONS)[number];

export type RunAdvocate = Pick<
  AdvocateRow,
  'id' | 'name' | 'email' | 'language' | 'branch' | 'topics' | 'time_zone' | 'unsubscribed_at' | 'mail_state' | 'bounces' | 'paused_until'
>;

export interface AdvocateOutcome {
  advocate: RunAdvocate;
  /** The items their digest carries, best first; empty with a reason. */
  items: { id: string; title: string }[];
  reason: NoDigestReason | null;
}

/** Whether any digest may mail this advocate at all: the sending step's last check before it renders. */
export function mayBeMailed(advocate: Pick<AdvocateRow, 'unsubscribed_at' | 'mail_state'>): boolean {
  return !advocate.unsubscribed_at && advocate.mail_state !== 'paused';
}

/** What the run decided for the advocate, as facts the planner and the selection established. */
export interface RunFacts {
  /** The advocate's local date at their group's moment (a snooze runs to a local date). */
  localDate: string;
  /** Their (time zone, frequency) group's moment has come in this run (false: a fortnightly off week). */
  groupDue: boolean;
  /** The store lists them as due: no digest for the period yet, or one the budget held. */
  due: boolean;
  held: HeldReason | undefined;
  items: number;
}

/**
 * Why the advocate gets no digest, or null when they get one.
 * @example
 * noDigestReason(advocate, { localDate: '2026-12-07', groupDue: true, due: true, held: 'weekly cap', items: 3 }); // 'weekly cap'
 */
export function noDigestReason(advocate: RunAdvocate, facts: RunFacts): NoDigestReason | null {
  if (advocate.unsubscribed_at) return 'unsubscribed';
  // kaiku pauses an address after repeated permanent refusals; an admin's or the directory's pause keeps no bounces.
  if (advocate.mail_state === 'paused') return advocate.bounces > 0 ? 'bounced' : 'paused';
  if (advocate.paused_until !== null && advocate.paused_until > facts.localDate) return 'snoozed';
  if (!facts.groupDue) return 'not due';
  if (!facts.due) return 'already had it';
  if (facts.held) return facts.held;
  return facts.items === 0 ? 'nothing matches' : null;
}

// localeCompare's order (the default locale's), from one collator made once: localeCompare builds one per call.
const COLLATOR = new Intl.Collator();

export interface SegmentRow {
  /** The language code, branch or topic; '' for advocates without a branch, or without topics (who take all). */
  value: string;
  advocates: number;
  /** Advocates of the segment who get at least one item. */
  mailed: number;
  /** Distinct items the segment's digests carry. */
  items: number;
}

export interface ReasonRow {
  reason: NoDigestReason;
  count: number;
  /** The first `namesPerReason` by name; `count - names.length` more. */
  names: { id: string; name: string }[];
}

export interface NextRunSummary {
  advocates: number;
  mailed: number;
  byLanguage: SegmentRow[];
  byBranch: SegmentRow[];
  byTopic: SegmentRow[];
  /** Each item carried, with how many digests carry it, most first. */
  items: { id: string; title: string; advocates: number }[];
  nothing: ReasonRow[];
}

/**
 * Sums the outcomes per segment and per reason.
 * @example
 * summarizeRun(outcomes, { namesPerReason: 10 }).byLanguage; // [{ value: 'fi', advocates: 3, mailed: 2, items: 4 }, …]
 */
export function summarizeRun(outcomes: readonly AdvocateOutcome[], options: { namesPerReason: number }): NextRunSummary {
  const dimension = (valuesOf: (advocate: RunAdvocate) => readonly string[]): SegmentRow[] => {
    const rows = new Map<string, { advocates: number; mailed: number; items: Set<string> }>();
    for (const outcome of outcomes)
      for (const value of valuesOf(outcome.advocate)) {
        const row = rows.get(value) ?? { advocates: 0, mailed: 0, items: new Set<string>() };
        row.advocates++;
        if (outcome.items.length > 0) row.mailed++;
        for (const item of outcome.items) row.items.add(item.id);
        rows.set(value, row);
      }
    return [...rows.entries()]
      .map(([value, row]) => ({ value, advocates: row.advocates, mailed: row.mailed, items: row.items.size }))
      .sort((a, b) => b.advocates - a.advocates || COLLATOR.compare(a.value, b.value));
  };
  const items = new Map<string, { id: string; title: string; advocates: number }>();
  for (const outcome of outcomes)
    for (const item of outcome.items) {
      const row = items.get(item.id) ?? { ...item, advocates: 0 };
      row.advocates++;
      items.set(item.id, row);
    }
  // Each reason keeps only its first names, in one pass: sorting thousands of names to show ten was most of the work.
  const byName = (a: { id: string; name: string }, b: { id: string; name: string }) => COLLATOR.compare(a.name, b.name) || a.id.localeCompare(b.id);
  const firstNames = new Map<NoDigestReason, { count: number; names: { id: string; name: string }[] }>();
  for (const outcome of outcomes) {
    if (!outcome.reason) continue;
    const row = firstNames.get(outcome.reason) ?? { count: 0, names: [] };
    firstNames.set(outcome.reason, row);
    row.count++;
    const named = { id: String(outcome.advocate.id), name: outcome.advocate.name };
    const last = row.names[row.names.length - 1];
    if (row.names.length === options.namesPerReason && last && byName(named, last) >= 0) continue;
    row.names.splice(insertionPoint(row.names, named, byName), 0, named);
    if (row.names.length > options.namesPerReason) row.names.pop();
  }
  const nothing = NO_DIGEST_REASONS.flatMap((reason) => {
    const row = firstNames.get(reason);
    return row ? [{ reason, count: row.count, names: row.names }] : [];
  });
  return {
    advocates: outcomes.length,
    mailed: outcomes.filter((o) => o.items.length > 0).length,
    byLanguage: dimension((a) => [a.language]),
    byBranch: dimension((a) => [a.branch ?? '']),
    byTopic: dimension((a) => (a.topics.length > 0 ? [...new Set(a.topics)] : [''])),
    items: [...items.values()].sort((a, b) => b.advocates - a.advocates || COLLATOR.compare(a.title, b.title)),
    nothing,
  };
}
