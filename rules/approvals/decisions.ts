// What a decision is and when it is refused. Pure: the approval workflow's update validator runs it,
// and the channels (email, links, admin page) read the same types.

import type { DecisionChannel, ItemCaptions, Network } from '../../model/item.js';
import { NETWORKS, checkCaption, completeCaption } from '../captions/caption-limits.js';

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

/** The captions after an edit, and what is wrong with them (empty when they all fit). */
export function applyCaptionEdit(context: CaptionContext, edit: CaptionEdit | undefined): { captions: ItemCaptions; problems: string[] } {
  if (!edit || (!edit.all?.trim() && !Object.values(edit.networks ?? {}).some((text) => text?.trim()))) {
    return { captions: context.captions, problems: [] };
  }
  const networks = { ...context.captions.networks };
  const problems: string[] = [];
  for (const network of NETWORKS) {
    const written = edit.networks?.[network]?.trim() || edit.all?.trim();
    if (!written) continue;
    networks[network] = completeCaption(written, context.link, context.hashtag);
    const check = checkCaption(network, networks[network]);
    if (!check.ok) problems.push(check.problem!);
  }
  return { captions: { ...context.captions, networks, edited: true }, problems };
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

/** Why a decision cannot be taken, in words for the person who tried; undefined when it can. */
export function refusalOf(
  state: { decision?: Decision | undefined; expiredAt?: string | undefined; approvers: readonly Approver[] },
  request: DecisionRequest,
  context: CaptionContext,
): string | undefined {
  if (state.decision) return `This item was already ${describeDecision(state.decision)}. Nothing was changed.`;
  if (state.expiredAt) return `This item expired at ${state.expiredAt} without a decision. Nothing was changed.`;
  const actor = request.actor.trim().toLowerCase();
  if (!state.approvers.some((approver) => approver.email === actor)) {
    return `${actor} is not an approver of this item; its approvers are ${state.approvers.map((a) => a.name).join(', ')}. Nothing was changed.`;
  }
  if (request.decision === 'approve') {
    const { problems } = applyCaptionEdit(context, request.captions);
    if (problems.length > 0) return `${problems.join(' ')} Nothing was changed; send the caption again, shorter.`;
  }
  if (request.reason && request.reason.length > 2000) return 'The reason is longer than 2,000 characters. Nothing was changed.';
  return undefined;
}
