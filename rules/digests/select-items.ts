import type { AdvocateRow } from '../../db/schema.js';
import type { DigestCandidate } from '../../db/queries/digests.js';
import { insertionPoint } from '../insertion-point.js';

// Which approved items fit one advocate: the relevance principle of seeds 003 and 004.

const HOUR = 3_600_000;

export interface SelectionOptions {
  maxItems: number;
  /** The program's main language: its items reach everyone; others only those who speak them. */
  defaultLanguage: string;
  /** Items approved before this are not new to anyone. */
  since: Date;
}

export type SelectionAdvocate = Pick<AdvocateRow, 'language' | 'topics' | 'branch' | 'last_digest_at'>;

/**
 * Items available since the advocate's last digest (approved then, or their "not before" came then; within the
 * lookback), in their language or the program's, matching their topics or branch (an advocate without topics takes
 * all), never one they already received; at most `maxItems`: pinned items first (pinned, an item they have not
 * received comes however long ago it was approved), then fresher and higher-priority, their own language first.
 * The store leaves out retracted items and those outside their schedule.
 */
export function selectItems(
  advocate: SelectionAdvocate,
  candidates: readonly DigestCandidate[],
  received: ReadonlySet<string> | undefined,
  options: SelectionOptions,
): DigestCandidate[] {
  return createSelection(candidates, options)(advocate, received);
}

/**
 * `selectItems` over the same candidates for many advocates: what each candidate's checks read (its moment, its
 * language, its topics and branches in lower case) is worked out once, not once per advocate, and advocates who
 * received none of them and differ in nothing the checks read (language, branch, interests, which candidates are
 * new since their last digest) share one choice.
 */
export function createSelection(
  candidates: readonly DigestCandidate[],
  options: SelectionOptions,
): (advocate: SelectionAdvocate, received: ReadonlySet<string> | undefined) => DigestCandidate[] {
  const prepared = candidates.map((item) => {
    const availableAt = new Date(item.available_at).getTime();
    return {
      item,
      availableAt,
      language: item.captions.language || item.language,
      topics: item.topics.map((topic) => topic.toLowerCase()),
      branches: item.branches.map((branch) => branch.toLowerCase()),
      // The score less the advocate's own language's day.
      base: availableAt + item.priority * 12 * HOUR,
    };
  });
  const lookback = options.since.getTime();
  const moments = prepared.map((c) => c.availableAt).sort((a, b) => a - b);
  const shared = new Map<string, DigestCandidate[]>();
  return (advocate, received) => {
    const since = Math.max(lookback, advocate.last_digest_at ? new Date(advocate.last_digest_at).getTime() : 0);
    const interests = new Set(advocate.topics.map((topic) => topic.toLowerCase()));
    if (advocate.branch && interests.size > 0) interests.add(advocate.branch.toLowerCase());
    const branch = advocate.branch?.toLowerCase();
    // Two moments with as many candidates at or before them part the candidates alike into old and new.
    const key = received?.size
      ? undefined
      : JSON.stringify([advocate.language, branch ?? null, [...interests].sort(), insertionPoint(moments, since, (a, b) => a - b)]);
    const known = key === undefined ? undefined : shared.get(key);
    if (known) return known.slice();
    const fitting: { item: DigestCandidate; score: number }[] = [];
    for (const c of prepared) {
      if (received?.has(c.item.id)) continue;
      if (!c.item.pinned && c.availableAt <= since) continue;
      if (c.language && c.language !== advocate.language && c.language !== options.defaultLanguage) continue;
      if (c.branches.length > 0 && !c.branches.some((b) => b === branch)) continue;
      if (interests.size > 0 && !c.topics.some((topic) => interests.has(topic))) continue;
      fitting.push({ item: c.item, score: c.base + (c.language === advocate.language ? 24 * HOUR : 0) });
    }
    const chosen = fitting
      .sort((a, b) => Number(b.item.pinned) - Number(a.item.pinned) || b.score - a.score || a.item.id.localeCompare(b.item.id))
      .slice(0, options.maxItems)
      .map((f) => f.item);
    if (key !== undefined) shared.set(key, chosen);
    return chosen.slice();
  };
}
