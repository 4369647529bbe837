import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { Logger } from 'pino';
import type { Store } from '../../db/store.js';
import type { ItemRow } from '../../db/schema.js';
import type { KaikuConfig } from '../../config/schema.js';
import { decideUpdate } from '../../workflows/approve-item.js';
import { DECISION_REFUSED, describeDecision, refusalText, type Decision, type DecisionRefusal, type DecisionRequest } from '../../rules/approvals/decisions.js';
import { ensureTemporalReachable, withTemporalDeadline } from './deadline.js';
import { metrics } from '../metrics/metrics.js';

/** A decision taken, or refused: `refusal` in English (as every channel records it), `reason` the same as data when known. */
export type SubmitResult = { ok: true; decision: Decision } | { ok: false; refusal: string; reason?: DecisionRefusal | undefined; retryable?: boolean };

/**
 * Sends a decision from any channel to the item's approval workflow as the `decide` Update. The
 * update id makes a retried submission (a mail processed again after a crash) the same update.
 * A refusal by the workflow's validator, or an item whose workflow has finished, comes back as words
 * for the person; anything else (Temporal unreachable) is thrown for the caller to retry. With
 * `deadline` (the HTTP server's callers, where a person waits), Temporal out of reach throws
 * `TemporalUnavailableError` within that time instead of hanging.
 */
export async function submitDecision(
  deps: { client: Client; store: Store; config: KaikuConfig; log: Logger; deadline?: { probeMs: number; callMs: number } | undefined },
  itemId: string,
  request: DecisionRequest,
  updateId: string,
): Promise<SubmitResult> {
  const log = deps.log.child({ itemId, actor: request.actor, channel: request.channel, updateId });
  const update = () => deps.client.workflow.getHandle(itemId).executeUpdate(decideUpdate, { args: [request], updateId });
  const deadline = deps.deadline;
  if (deadline) await ensureTemporalReachable(deps.client, deadline.probeMs);
  const timer = metrics.decisionSeconds.startTimer({ channel: request.channel });
  try {
    const decision = await (deadline ? withTemporalDeadline(deps.client, deadline.callMs, update) : update());
    timer();
    metrics.decisions.inc({ channel: request.channel, outcome: decision.outcome });
    return { ok: true, decision };
  } catch (error) {
    let refusal: string | undefined;
    let reason: DecisionRefusal | undefined;
    let retryable = false;
    if (error instanceof WorkflowUpdateFailedError) {
      refusal = error.cause?.message ?? error.message;
      if (error.cause instanceof ApplicationFailure && error.cause.type === DECISION_REFUSED) reason = error.cause.details?.[0] as DecisionRefusal | undefined;
    } else if (error instanceof WorkflowNotFoundError || /already completed|not found/i.test(String((error as Error).message))) {
      const item = await deps.store.items.get(itemId);
      reason = item ? (closedItemReason(item, await deps.store.admins.names(deps.config)) ?? { kind: 'not open' }) : { kind: 'unknown item' };
      refusal = refusalText(reason);
      retryable = reason.kind === 'not open';
    } else {
      throw error;
    }
    const known = refusal.startsWith('kaiku does not know') ? false : true;
    if (known)
      await deps.store.approvals.recordEvent({
        key: `refused:${updateId}`,
        itemId,
        kind: 'refused',
        actor: request.actor,
        channel: request.channel,
        detail: { decision: request.decision, refusal },
      });
    timer();
    metrics.decisions.inc({ channel: request.channel, outcome: 'refused' });
    log.info({ refusal }, 'decision refused');
    return { ok: false, refusal, reason, retryable };
  }
}

/** How an item was decided, in words ("approved by Ada <ada@…> at … in Slack"), from its row. */
export function describeItemDecision(item: ItemRow & { state: 'approved' | 'rejected' }, names: ReadonlyMap<string, string>): string {
  return describeDecision({
    outcome: item.state,
    by: { email: item.decided_by ?? '', name: names.get(item.decided_by ?? '') ?? item.decided_by ?? '' },
    at: item.decided_at!.toISOString(),
    channel: item.decided_via ?? 'email',
  });
}

/** Why a decided or expired item takes no decision, as data; undefined while it is pending. */
export function closedItemReason(item: ItemRow, names: ReadonlyMap<string, string>): DecisionRefusal | undefined {
  if (item.state === 'pending') return undefined;
  if (item.state === 'expired') return { kind: 'expired', at: item.decided_at?.toISOString() };
  return {
    kind: 'decided',
    decision: {
      outcome: item.state,
      by: { email: item.decided_by ?? '', name: names.get(item.decided_by ?? '') ?? item.decided_by ?? '' },
      at: item.decided_at!.toISOString(),
      channel: item.decided_via ?? 'email',
    },
  };
}

/** Why a decided or expired item takes no decision, for the person who tried; undefined while it is pending. */
export function closedItemRefusal(item: ItemRow, names: ReadonlyMap<string, string>): string | undefined {
  const reason = closedItemReason(item, names);
  return reason && refusalText(reason);
}
