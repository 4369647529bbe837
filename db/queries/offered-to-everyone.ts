import { sql, type RawBuilder } from 'kysely';

/**
 * The approved items a mail to everyone may offer now, as a condition on `items i`: decided since `decidedSince`, with
 * captions, not expired or retracted, inside its "not before"/"not after", and not a post for some branches only
 * (the weekly nudge and the welcome sequence pick one list for all). Example: sql`... from items i where ${offeredToEveryone(since)}`.
 */
export function offeredToEveryone(decidedSince: Date): RawBuilder<boolean> {
  return sql<boolean>`i.state = 'approved' and i.captions is not null and i.decided_at >= ${decidedSince}
    and (i.expires_at is null or i.expires_at > now()) and i.retracted_at is null
    and (i.not_before is null or i.not_before <= now()) and (i.not_after is null or i.not_after > now())
    and i.branches = '[]'::jsonb`;
}
