import type { AdvocateRow } from '../../db/schema.js';
import type { DigestCandidate } from '../../db/queries/digests.js';

// Which approved items fit one advocate: the relevance principle of seeds 003 and 004.

const HOUR = 3_600_000;

export interface SelectionOptions {
  maxItems: number;
  /** The program's main language: its items reach everyone; others only those who speak them. */
  defaultLanguage: string;
  /** Items approved before this are not new to anyone. */
  since: Date;
}

/**
 * Items available since the advocate's last digest (approved then, or their "not before" came then; within the
 * lookback), in their language or the program's, matching their topics or branch (an advocate without topics takes
 * all), never one they already received; at most `maxItems`: pinned items first (pinned, an item they have not
 * received comes however long ago it was approved), then fresher and higher-priority, their own language first.
 * The store leaves out retracted items and those outside their schedule.
 */
export function selectItems(
  advocate: Pick<AdvocateRow, 'language' | 'topics' | 'branch' | 'last_digest_at'>,
  candidates: readonly DigestCandidate[],
  received: ReadonlySet<string> | undefined,
  options: SelectionOptions,
): DigestCandidate[] {
  const since = Math.max(options.since.getTime(), advocate.last_digest_at ? new Date(advocate.last_digest_at).getTime() : 0);
  const interests = new Set(advocate.topics.map((topic) => topic.toLowerCase()));
  if (advocate.branch && interests.size > 0) interests.add(advocate.branch.toLowerCase());
  const fitting = candidates.filter((item) => {
    if (received?.has(item.id)) return false;
    if (!item.pinned && new Date(item.available_at).getTime() <= since) return false;
    const language = item.captions.language || item.language;
    if (language && language !== advocate.language && language !== options.defaultLanguage) return false;
    if (item.branches.length > 0 && !item.branches.some((branch) => branch.toLowerCase() === advocate.branch?.toLowerCase())) return false;
    return interests.size === 0 || item.topics.some((topic) => interests.has(topic.toLowerCase()));
  });
  const score = (item: DigestCandidate) =>
    new Date(item.available_at).getTime() + item.priority * 12 * HOUR + ((item.captions.language || item.language) === advocate.language ? 24 * HOUR : 0);
  return fitting.sort((a, b) => Number(b.pinned) - Number(a.pinned) || score(b) - score(a) || a.id.localeCompare(b.id)).slice(0, options.maxItems);
}
