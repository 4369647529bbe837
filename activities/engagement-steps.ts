import { programNameIn } from '../config/program-name.js';
import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from 'pino';
import { approvalLinkUrl, approvalToken, publicBaseUrl } from '../rules/approvals/addresses.js';
import type { KaikuConfig } from '../config/schema.js';
import { formatMoment, localDate, monthOf, monthWindow } from '../rules/digests/digest-moment.js';
import type { WinnerRow } from '../db/queries/engagement.js';
import type { Store } from '../db/store.js';
import { digestLinks, snoozeUrl, trackedUrl } from '../rules/digests/links.js';
import { personalCaption } from '../rules/digests/share-target.js';
import { renderApproverSummary, renderNudge, renderRewardSummary, renderRewardWinner } from '../rules/engagement/engagement-mail.js';
import type { Mailer } from '../integrations/email/mailer.js';
import type { Secret } from '../rules/tokens/secret.js';
import { currentActivity } from './activity-context.js';
import { createKeyedMail } from './keyed-mail.js';
import { BUDGET_WINDOW_MS, BUDGETED_KEYED_MAIL, mailBudget, quietPeriodOn } from '../rules/digests/mail-budget.js';
import type { HeldCounts } from '../db/schema.js';
import { captionFor } from '../rules/captions/caption-variants.js';

export interface EngagementStepsDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  mailer: Mailer;
  log: Logger;
}

export interface CloseMonthResult {
  month: string;
  /** False when the month had been closed before: nothing changed. */
  closedNow: boolean;
  winners: WinnerRow[];
}

const DAY_MS = 24 * 3_600_000;

export function createEngagementSteps(deps: EngagementStepsDeps) {
  const { store, config, log } = deps;
  const zone = config.program.timeZone;

  const sendKeyed = createKeyedMail(deps);

  return {
    /** Folds new share and click events (and approved suggestions) into the points ledger. */
    async tallyPoints(input: { limit?: number } = {}): Promise<{ events: number; awarded: number }> {
      const activity = currentActivity();
      const total = { events: 0, awarded: 0 };
      for (let pass = 0; pass < 50; pass++) {
        const result = await store.points.tally(config.points, input.limit ?? 5000, config.program.timeZone);
        total.events += result.events;
        total.awarded += result.awarded;
        activity?.heartbeat(total);
        if (!result.more) break;
      }
      if (total.events > 0) log.info(total, 'points tallied');
      return total;
    },

    /** The month a Schedule's run closes: the one before `at`, in the programme's time zone. */
    async rewardMonthBefore(input: { at: string }): Promise<string> {
      return monthOf(new Date(new Date(input.at).getTime() - DAY_MS), zone);
    },

    /** Computes and records the month's winners, once: a month closed before keeps its winners. */
    async closeRewardMonth(input: { month: string }): Promise<CloseMonthResult> {
      let window;
      try {
        window = monthWindow(input.month, zone);
      } catch (error) {
        throw ApplicationFailure.nonRetryable((error as Error).message, 'BadMonth');
      }
      if (window.from.getTime() > Date.now()) {
        throw ApplicationFailure.nonRetryable(`${input.month} has not begun yet (it starts ${formatMoment(window.from, zone)}): nothing to close`, 'BadMonth');
      }
      const rewards = config.rewards;
      const totals = (await store.points.totals(window, { onRoster: true })).filter((row) => row.points > 0);
      const winners: WinnerRow[] = totals
        .slice(0, rewards.topN)
        .map((row, index) => ({ advocateId: row.advocateId, kind: 'top', rank: index + 1, points: row.points }));
      if (rewards.draw) {
        // A draw anyone can re-run: each eligible advocate's ticket is an HMAC of the month and their id.
        const top = new Set(winners.map((w) => w.advocateId));
        const ticket = (id: string) => deps.secret.sign('reward-draw', `${input.month}:${id}`).toString('hex');
        const eligible = totals.filter((row) => row.points >= rewards.draw!.threshold && !top.has(row.advocateId));
        eligible
          .sort((a, b) => ticket(a.advocateId).localeCompare(ticket(b.advocateId)))
          .slice(0, rewards.draw.winners)
          .forEach((row, index) => winners.push({ advocateId: row.advocateId, kind: 'draw', rank: index + 1, points: row.points }));
      }
      const rule = { topN: rewards.topN, draw: rewards.draw ?? null, prize: rewards.prize, from: window.from.toISOString(), to: window.to.toISOString() };
      const result = await store.engagement.closeMonth(input.month, rule, winners);
      log.info(
        { month: input.month, closedNow: result.closedNow, winners: result.winners.length },
        result.closedNow ? 'reward month closed' : 'reward month was closed before; unchanged',
      );
      return { month: input.month, ...result };
    },

    /** Tells each winner, then the admins; each mail once, whatever the retries. */
    async sendRewardMails(input: { month: string }): Promise<{ sent: number; already: number; refused: number }> {
      const activity = currentActivity();
      const winners = await store.engagement.winners(input.month);
      const counts = { sent: 0, already: 0, refused: 0 };
      for (const winner of winners) {
        const mail = renderRewardWinner({
          advocate: winner,
          programName: programNameIn(config.program, winner.language),
          month: input.month,
          points: winner.points,
          kind: winner.kind,
          rank: winner.rank,
          prize: config.rewards.prize,
        });
        counts[await sendKeyed({ key: `reward:${input.month}:${winner.advocateId}`, kind: 'reward', to: winner.email, mail })]++;
        activity?.heartbeat(counts);
      }
      const summary = renderRewardSummary({
        programName: config.program.name,
        month: input.month,
        prize: config.rewards.prize,
        winners,
        adminUrl: `${publicBaseUrl(config)}/admin/leaderboards`,
      });
      // The programme's admins (not its approvers and analysts), kaiku.yaml's and the console's.
      for (const admin of (await store.admins.inEffect(config)).admins.filter((a) => a.role === 'admin')) {
        counts[await sendKeyed({ key: `reward-summary:${input.month}:${admin.email}`, kind: 'reward-summary', to: admin.email, mail: summary })]++;
      }
      return counts;
    },

    /**
     * One friendly nudge to each advocate quiet for `nudges.after`, at most one per `nudges.atMostEvery`; the mail
     * budget holds them all in a quiet period, and those whose weekly cap is full (they are looked at again tomorrow).
     */
    async sendNudges(input: { at: string }): Promise<{ nudged: number; skipped: number; held?: HeldCounts }> {
      const at = new Date(input.at);
      const today = localDate(at, zone);
      const result: { nudged: number; skipped: number; held?: HeldCounts } = { nudged: 0, skipped: 0 };
      if (!config.nudges.enabled) return result;
      let candidates = await store.engagement.nudgeCandidates({
        quietSince: new Date(at.getTime() - config.nudges.after),
        nudgedSince: new Date(at.getTime() - config.nudges.atMostEvery),
        localDate: today,
        limit: 5000,
      });
      const { quietPeriods, weeklyCap } = config.mail;
      const period = quietPeriodOn(today, quietPeriods);
      if (period && candidates.length > 0) {
        result.held = { 'quiet period': candidates.length };
        log.info({ at: input.at, held: result.held, period }, 'nudges held: a quiet period');
        return result;
      }
      if (weeklyCap !== null && candidates.length > 0) {
        const sent = await store.digests.sentSince(
          candidates.map((a) => a.id),
          new Date(at.getTime() - BUDGET_WINDOW_MS),
          BUDGETED_KEYED_MAIL,
          { until: at, atLeast: weeklyCap },
        );
        const within = candidates.filter(
          (a) => mailBudget({ kind: 'nudge', at, timeZone: zone, quietPeriods, weeklyCap, sentAt: sent.get(String(a.id)) ?? [] }).kind === 'send',
        );
        if (within.length < candidates.length) {
          result.held = { 'weekly cap': candidates.length - within.length };
          log.info({ at: input.at, held: result.held }, 'nudges held: advocates at their weekly cap');
        }
        candidates = within;
      }
      if (candidates.length === 0) return result;
      const best = await store.engagement.bestItem(new Date(at.getTime() - 7 * DAY_MS), new Date(at.getTime() - config.digest.lookback));
      if (!best) return result; // nothing approved lately: a nudge with nothing to share would only nag
      for (const advocate of candidates) {
        const network = advocate.networks[0] ?? 'linkedin';
        const caption = personalCaption(
          network,
          captionFor(best.captions, network, advocate.id, best.id),
          best.url,
          trackedUrl(config, deps.secret, advocate.id, best.id),
        );
        const mail = renderNudge({
          advocate,
          programName: programNameIn(config.program, advocate.language),
          item: { title: best.title, url: best.url, caption, network },
          shareUrl: digestLinks(config, deps.secret, advocate.id).share(best.id, network),
          snoozeUrl: snoozeUrl(config, deps.secret, advocate.id),
        });
        const outcome = await sendKeyed({ key: `nudge:${advocate.id}:${today}`, kind: 'nudge', to: advocate.email, mail });
        await store.engagement.markNudged(advocate.id, at);
        result[outcome === 'sent' ? 'nudged' : 'skipped']++;
      }
      if (result.nudged > 0) log.info({ ...result, itemId: best.id }, 'nudges sent');
      return result;
    },

    /** Each approver who chose `approvalMail: daily` gets one mail listing what waits for them. */
    async sendApproverSummaries(input: { at: string }): Promise<{ sent: number }> {
      const today = localDate(new Date(input.at), zone);
      let sent = 0;
      for (const admin of (await store.admins.inEffect(config)).admins.filter((a) => a.approvalMail === 'daily' && a.role !== 'analyst')) {
        const waiting = await store.engagement.waitingFor(admin.email);
        if (waiting.length === 0) continue;
        const items = waiting.map((item) => {
          const expiresAt = item.expires_at ?? new Date(Date.now() + config.approval.expireAfter);
          return {
            title: item.title,
            url: item.url,
            sourceName: item.source_name,
            waitingSince: formatMoment(item.approval_started_at ?? item.discovered_at, zone),
            approveUrl: approvalLinkUrl(config, approvalToken(deps.secret, 'approve', item.id, admin.email, expiresAt)),
            rejectUrl: approvalLinkUrl(config, approvalToken(deps.secret, 'reject', item.id, admin.email, expiresAt)),
          };
        });
        const mail = renderApproverSummary({ approverName: admin.name, programName: config.program.name, items });
        if ((await sendKeyed({ key: `approver-summary:${admin.email}:${today}`, kind: 'approver-summary', to: admin.email, mail })) === 'sent') sent++;
      }
      return { sent };
    },
  };
}
