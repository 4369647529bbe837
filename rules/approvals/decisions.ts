// What a decision is and when it is refused. Pure: the approval workflow's update validator runs it,
// and the channels (email, links, admin page) read the same types.

import type { DecisionChannel, ItemCaptions, Network } from '../../model/item.js';
import { NETWORKS, checkCaption, completeCaption, type CaptionCheck } from '../captions/caption-limits.js';

export interface Approver {
  email: string;
  name: string;
}

export interface CaptionEdit {
  /** One caption for every network. */
  all?: string | undefined;
  /** Or one per network; a network left out keeps its proposal (or `all`). */
  networks?: Partial<Record<Network, string>> | undefined;
}

export interface DecisionRequest {
  decision: 'approve' | 'reject';
  /** The approver's address as the channel authenticated it. */
  actor: string;
  channel: DecisionChannel;
  reason?: string | undefined;
  captions?: CaptionEdit | undefined;
}

export interface Decision {
  outcome: 'approved' | 'rejected';
  by: Approver;
  at: string;
  channel: DecisionChannel;
  reason?: string | undefined;
  captions: ItemCaptions;
}

export interface CaptionContext {
  captions: ItemCaptions;
  link: string;
  hashtag?: string | undefined;
}

/** The captions after an edit, and what is wrong with them (empty when they all fit): in words, and each failed check. */
export function applyCaptionEdit(
  context: CaptionContext,
  edit: CaptionEdit | undefined,
): { captions: ItemCaptions; problems: string[]; failed: CaptionCheck[] } {
  if (!edit || (!edit.all?.trim() && !Object.values(edit.networks ?? {}).some((text) => text?.trim()))) {
    return { captions: context.captions, problems: [], failed: [] };
  }
  const networks = { ...context.captions.networks };
  const failed: CaptionCheck[] = [];
  for (const network of NETWORKS) {
    const written = edit.networks?.[network]?.trim() || edit.all?.trim();
    if (!written) continue;
    networks[network] = completeCaption(written, context.link, context.hashtag);
    const check = checkCaption(network, networks[network]);
    if (!check.ok) failed.push(check);
  }
  return { captions: { ...context.captions, networks, edited: true }, problems: failed.map((check) => check.problem!), failed };
}

export function describeDecision(decision: Pick<Decision, 'outcome' | 'by' | 'at' | 'channel'>): string {
  const via: Record<DecisionChannel, string> = {
    email: 'by email reply',
    link: 'by email link',
    admin: 'on the admin page',
    slack: 'in Slack',
    teams: 'in Teams',
    system: 'by kaiku',
  };
  return `${decision.outcome} by ${decision.by.name} <${decision.by.email}> at ${decision.at} ${via[decision.channel]}`;
}

/**
 * Why a decision was not taken, as data: the workflow's validator and submitDecision give it beside their English
 * words, so that a channel that knows its reader's language (the console) can say it in that language.
 */
export type DecisionRefusal =
  | { kind: 'decided'; decision: Pick<Decision, 'outcome' | 'by' | 'at' | 'channel'> }
  | { kind: 'expired'; at: string | undefined }
  | { kind: 'not an approver'; actor: string; approvers: string[] }
  | { kind: 'captions'; problems: { network: Network; length: number; limit: number; text: string }[] }
  | { kind: 'long reason' }
  | { kind: 'preparing' }
  | { kind: 'not open' }
  | { kind: 'unknown item' };

/** The Temporal failure type a refused decision's validator throws, its details holding the DecisionRefusal. */
export const DECISION_REFUSED = 'DecisionRefused';

/** A refusal in English, as every channel has said it. */
export function refusalText(refusal: DecisionRefusal): string {
  switch (refusal.kind) {
    case 'decided':
      return `This item was already ${describeDecision(refusal.decision)}. Nothing was changed.`;
    case 'expired':
      return `This item expired at ${refusal.at} without a decision. Nothing was changed.`;
    case 'not an approver':
      return `${refusal.actor} is not an approver of this item; its approvers are ${refusal.approvers.join(', ')}. Nothing was changed.`;
    case 'captions':
      return `${refusal.problems.map((problem) => problem.text).join(' ')} Nothing was changed; send the caption again, shorter.`;
    case 'long reason':
      return 'The reason is longer than 2,000 characters. Nothing was changed.';
    case 'preparing':
      return 'This item is still being prepared for approval; try again in a minute. Nothing was changed.';
    case 'not open':
      return 'This item is not open for decisions yet; try again in a minute. Nothing was changed.';
    case 'unknown item':
      return 'kaiku does not know this item. Nothing was changed.';
  }
}

/** Why a decision cannot be taken, as data; undefined when it can. */
export function refusalReasonOf(
  state: { decision?: Decision | undefined; expiredAt?: string | undefined; approvers: readonly Approver[] },
  request: DecisionRequest,
  context: CaptionContext,
): DecisionRefusal | undefined {
  if (state.decision) {
    const { outcome, by, at, channel } = state.decision;
    return { kind: 'decided', decision: { outcome, by, at, channel } };
  }
  if (state.expiredAt) return { kind: 'expired', at: state.expiredAt };
  const actor = request.actor.trim().toLowerCase();
  if (!state.approvers.some((approver) => approver.email === actor)) return { kind: 'not an approver', actor, approvers: state.approvers.map((a) => a.name) };
  if (request.decision === 'approve') {
    const { failed } = applyCaptionEdit(context, request.captions);
    if (failed.length > 0)
      return {
        kind: 'captions',
        problems: failed.map((check) => ({ network: check.network, length: check.length, limit: check.limit, text: check.problem! })),
      };
  }
  if (request.reason && request.reason.length > 2000) return { kind: 'long reason' };
  return undefined;
}

/** Why a decision cannot be taken, in words for the person who tried; undefined when it can. */
export function refusalOf(
  state: { decision?: Decision | undefined; expiredAt?: string | undefined; approvers: readonly Approver[] },
  request: DecisionRequest,
  context: CaptionContext,
): string | undefined {
  const refusal = refusalReasonOf(state, request, context);
  return refusal && refusalText(refusal);
}
