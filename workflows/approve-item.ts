import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  log,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import { context as traceContext, type Context as TraceContext } from '@opentelemetry/api';
import type { Activities } from '../activities/index.js';
import {
  applyCaptionEdit,
  DECISION_REFUSED,
  refusalReasonOf,
  refusalText,
  type Approver,
  type DecisionRefusal,
  type Decision,
  type DecisionRequest,
} from '../rules/approvals/decisions.js';
import { safeText } from '../rules/text/safe-text.js';
import type { ApprovalPlan, ApprovalMailKind } from '../activities/approval-steps.js';

export interface ApproveItemInput {
  itemId: string;
}

export type ApprovalStage = 'preparing' | 'awaiting-decision' | 'decided' | 'expired';

export interface ApprovalState {
  itemId: string;
  stage: ApprovalStage;
  since: string;
  approvers: Approver[];
  escalated: boolean;
  remindAt?: string | undefined;
  escalateAt?: string | undefined;
  expiresAt?: string | undefined;
  decision?: Decision | undefined;
  expiredAt?: string | undefined;
}

export const approvalStateQuery = defineQuery<ApprovalState>('approvalState');

/** A decision from any channel. The validator refuses, with a reason the person sees, what cannot be decided. */
export const decideUpdate = defineUpdate<Decision, [DecisionRequest]>('decide');

const { prepareApproval, recordDecision, recordExpiry } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// Mail: a 4xx is retried with backoff, a 5xx fails for good (the activity marks it non-retryable).
// It heartbeats: a worker that dies mid-send is noticed within 10 seconds and the mail retried.
const { sendApprovalMail } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes', maximumAttempts: 12 },
});

// Slack: a card per channel, kept current. An outage delays a card (retries without end, backing off to
// five minutes) but never blocks the email channel: these steps run on a chain of their own.
const { postApprovalCards, updateApprovalCards, postApprovalThreadReply } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

// Teams: the same, on a chain of its own (a Teams outage delays neither the email nor Slack). The SDK's client
// waits out a 429's Retry-After inside the call, hence the longer timeout.
const { postTeamsApprovalCards, updateTeamsApprovalCards, postTeamsThreadReply, postTeamsApprovedItem } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

/**
 * One workflow per candidate item (workflow id = item id). Asks the approvers, reminds them, asks a
 * backup approver, and expires the item if nobody decides in time; the first valid decision wins.
 * Every step is an activity keyed by item × recipient × kind, so a retried step sends nothing twice.
 */
export async function approveItem(input: ApproveItemInput): Promise<void> {
  const state: ApprovalState = { itemId: input.itemId, stage: 'preparing', since: new Date().toISOString(), approvers: [], escalated: false };
  let plan: ApprovalPlan | undefined;
  let recorded = false;
  // The Update's trace context (a Slack click's, say), so the decision's activities join its trace; ROOT when tracing is off.
  let decidedIn: TraceContext | undefined;
  setHandler(approvalStateQuery, () => state);
  setHandler(
    decideUpdate,
    async (request) => {
      const { captions } = applyCaptionEdit(captionContext(plan!), request.captions);
      const by = state.approvers.find((approver) => approver.email === request.actor.trim().toLowerCase())!;
      decidedIn = traceContext.active();
      // Set before the first await: a second update in the same task sees the item decided.
      state.decision = {
        outcome: request.decision === 'approve' ? 'approved' : 'rejected',
        by,
        at: new Date().toISOString(),
        channel: request.channel,
        ...(request.decision === 'reject' && request.reason ? { reason: safeText(request.reason, { multiline: true }) } : {}),
        captions,
      };
      state.stage = 'decided';
      await condition(() => recorded);
      return state.decision;
    },
    {
      // A refusal carries its reason as data beside its English words, for a channel that speaks its reader's language.
      validator: (request) => {
        const refusal: DecisionRefusal | undefined = plan ? refusalReasonOf(state, request, captionContext(plan)) : { kind: 'preparing' };
        if (refusal) throw ApplicationFailure.create({ type: DECISION_REFUSED, message: refusalText(refusal), details: [refusal], nonRetryable: true });
      },
    },
  );

  plan = await prepareApproval({ itemId: input.itemId, startedAt: state.since });
  if (plan.finished) {
    // The store already holds a decision (an earlier run of this workflow recorded it).
    state.stage = plan.finished;
    recorded = true;
    return;
  }
  state.approvers = plan.approvers;
  state.remindAt = plan.remindAt;
  state.escalateAt = plan.escalateAt;
  state.expiresAt = plan.expiresAt;
  state.stage = 'awaiting-decision';

  // One chain per chat channel: its steps run in order, and a step that fails for good is logged, not fatal.
  const chains: Promise<void>[] = [];
  const chainFor = (on: boolean | undefined, name: string) => {
    const index = chains.push(Promise.resolve()) - 1;
    return (step: () => Promise<unknown>) => {
      if (!on) return;
      chains[index] = chains[index]!.then(step).then(
        () => undefined,
        (error: unknown) => {
          if (!(error instanceof ActivityFailure)) throw error;
          log.warn(`${name} step failed for good`, { itemId: input.itemId, error: error.cause?.message ?? error.message });
        },
      );
    };
  };
  const inSlack = chainFor(plan.slack, 'Slack');
  const inTeams = chainFor(plan.teams, 'Teams');

  const mail = async (to: readonly Approver[], kind: ApprovalMailKind) => {
    await Promise.all(
      to.map(async (approver) => {
        try {
          await sendApprovalMail({ itemId: input.itemId, to: approver, kind, expiresAt: plan!.expiresAt });
        } catch (error) {
          // An address that refuses mail must not stop the others; the audit trail and log say so.
          if (!(error instanceof ActivityFailure)) throw error;
          log.warn('approval mail not delivered', { itemId: input.itemId, to: approver.email, kind, error: error.cause?.message ?? error.message });
        }
      }),
    );
  };

  const steps: { at: number; run: () => Promise<void> }[] = [];
  const expiresAt = Date.parse(plan.expiresAt);
  if (Date.parse(plan.remindAt) < expiresAt) {
    steps.push({
      at: Date.parse(plan.remindAt),
      run: async () => {
        inSlack(() => postApprovalThreadReply({ itemId: input.itemId, kind: 'reminder', mention: state.approvers }));
        inTeams(() => postTeamsThreadReply({ itemId: input.itemId, kind: 'reminder', mention: state.approvers }));
        await mail(state.approvers, 'reminder');
      },
    });
  }
  if (Date.parse(plan.escalateAt) < expiresAt) {
    steps.push({
      at: Date.parse(plan.escalateAt),
      run: async () => {
        const backups = plan!.backups.filter((backup) => !state.approvers.some((approver) => approver.email === backup.email));
        state.approvers = [...state.approvers, ...backups];
        state.escalated = true;
        inSlack(() => postApprovalThreadReply({ itemId: input.itemId, kind: 'escalation', mention: backups.length > 0 ? backups : state.approvers }));
        inTeams(() => postTeamsThreadReply({ itemId: input.itemId, kind: 'escalation', mention: backups.length > 0 ? backups : state.approvers }));
        await mail(backups.length > 0 ? backups : state.approvers, 'escalation');
      },
    });
  }

  if (expiresAt > Date.now()) {
    inSlack(() => postApprovalCards({ itemId: input.itemId, approvers: state.approvers }));
    inTeams(() => postTeamsApprovalCards({ itemId: input.itemId, approvers: state.approvers }));
    await mail(state.approvers, 'request');
  }
  for (const step of steps) {
    if (state.decision) break;
    if (step.at <= Date.now() || !(await condition(() => state.decision !== undefined, step.at - Date.now()))) {
      if (!state.decision) await step.run();
    }
  }
  if (!state.decision && expiresAt > Date.now()) await condition(() => state.decision !== undefined, expiresAt - Date.now());

  if (state.decision) {
    // The decision is final once taken: the cards show it while the store records it, not after.
    const decision = state.decision;
    const { outcome, by, at, reason, captions } = decision;
    await traceContext.with(decidedIn ?? traceContext.active(), async () => {
      inSlack(() => updateApprovalCards({ itemId: input.itemId, outcome: { outcome, byEmail: by.email, at, reason, captions } }));
      inTeams(() => updateTeamsApprovalCards({ itemId: input.itemId, outcome: { outcome, byEmail: by.email, at, reason, captions } }));
      await recordDecision({ itemId: input.itemId, decision });
      recorded = true;
      // The programme's channel hears of it once the store holds it (the post shows the approved captions' item).
      if (outcome === 'approved') inTeams(() => postTeamsApprovedItem({ itemId: input.itemId }));
      await mail([decision.by], 'confirmation');
    });
  } else {
    state.expiredAt = new Date().toISOString();
    state.stage = 'expired';
    await recordExpiry({ itemId: input.itemId, expiredAt: state.expiredAt });
    const at = state.expiredAt;
    inSlack(() => updateApprovalCards({ itemId: input.itemId, outcome: { outcome: 'expired', at } }));
    inTeams(() => updateTeamsApprovalCards({ itemId: input.itemId, outcome: { outcome: 'expired', at } }));
  }
  await Promise.all(chains);
  await condition(allHandlersFinished);
}

function captionContext(plan: ApprovalPlan) {
  return { captions: plan.captions, link: plan.link, hashtag: plan.hashtag };
}
