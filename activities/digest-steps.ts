import { Context } from '@temporalio/activity';
import type { Logger } from 'pino';
import { mailDomain } from '../rules/approvals/addresses.js';
import type { KaikuConfig } from '../config/schema.js';
import { digestMomentOf, digestPeriodAt, localDate } from '../rules/digests/digest-moment.js';
import type { DigestCandidate } from '../db/queries/digests.js';
import type { AdvocateRow, DigestRow } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { createDigestComposer, type DigestPreview } from './digest-composer.js';
import type { RenderedMail } from '../rules/mail/layout.js';
import { PermanentMailError, type Mailer } from '../integrations/email/mailer.js';
import type { AdvocateInput } from '../model/advocate.js';
import type { Secret } from '../rules/tokens/secret.js';
import { mailMessageId } from '../rules/tokens/message-id.js';
import { openPixelUrl, suggestReplyAddress } from '../rules/digests/links.js';

export interface DigestStepsDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  mailer: Mailer;
  log: Logger;
}

export interface PlanDigestsInput {
  /** The tick's moment (ISO): which period each advocate is in. */
  at: string;
  /** A manual send: every advocate's current period, however long ago it began; those who had nothing get another look. */
  force: boolean;
}

export interface DigestBatchResult {
  claimed: number;
  sent: number;
  empty: number;
  bounced: number;
  deferred: number;
  /** Digests still open after this batch (any claimer), and when the earliest of them may be claimed. */
  open: number;
  nextAt: string | null;
}

// A 4xx is tried again at once with backoff; still refused after these waits, the digest waits for a later batch.
const RETRY_WAITS_MS = [250, 500, 1000, 2000, 4000];
const DEFER_MS = 2 * 60_000;
// Accepted messages are recorded in groups this size: fewer transactions, a small window of doubt.
const RECORD_EVERY = 16;

export function createDigestSteps(deps: DigestStepsDeps) {
  const { store, config, log } = deps;
  const moment = digestMomentOf(config.digest);
  const composer = createDigestComposer(deps);
  const domain = mailDomain(config);

  async function sendOne(
    advocate: AdvocateRow,
    digest: DigestRow,
    mail: RenderedMail,
    messageId: string,
    unsubscribe: string,
  ): Promise<'sent' | { permanent: string } | { temporary: string }> {
    for (let attempt = 0; ; attempt++) {
      try {
        await deps.mailer.send({
          from: config.email.from,
          to: advocate.email,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          encoding: mail.encoding,
          messageId,
          // A reply with a link suggests it (integrations/email/inbound.ts reads the signed address).
          replyTo: suggestReplyAddress(config, deps.secret, advocate.id),
          headers: {
            // RFC 8058 one-click unsubscribe: mail providers POST "List-Unsubscribe=One-Click" to the URL.
            'List-Unsubscribe': `<${unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'List-Id': `${config.program.name.replace(/[<>"]/g, '')} digest <digest.${domain}>`,
            'X-Kaiku-Digest': `${advocate.id}/${digest.period}`,
          },
        });
        return 'sent' as const;
      } catch (error) {
        const message = (error as Error).message;
        if (error instanceof PermanentMailError) return { permanent: message };
        const wait = RETRY_WAITS_MS[attempt];
        if (wait === undefined) return { temporary: message };
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  return {
    /** Plans this period's digest for every advocate whose digest moment has come: one row per advocate × period. */
    async planDigests(input: PlanDigestsInput): Promise<{ planned: number; groups: number }> {
      const at = new Date(input.at);
      let planned = 0;
      let groups = 0;
      for (const group of await store.digests.zoneGroups()) {
        const period = digestPeriodAt(at, group.time_zone, moment, group.frequency);
        // A tick long after the moment (kaiku was down for days) leaves that week alone; a manual send does not.
        if (!input.force && at.getTime() - period.startsAt.getTime() > config.digest.catchUp) continue;
        groups++;
        planned += await store.digests.plan({ ...group, period: period.key, localDate: localDate(at, group.time_zone), replanEmpty: input.force });
      }
      if (planned > 0) log.info({ at: input.at, planned, force: input.force }, 'digests planned');
      return { planned, groups };
    },

    /** Claims a batch of planned digests, composes and sends them over the SMTP pool, and records each outcome. */
    async sendDigestBatch(input: { limit: number }): Promise<DigestBatchResult> {
      const context = Context.current();
      // One claim per attempt, leased for three heartbeat timeouts and renewed as it beats: an attempt
      // Temporal has given up on (timed out, its worker gone) loses its rows soon, and never shares them
      // with the retry that replaces it.
      const claimer = `${context.info.workflowExecution?.workflowId ?? 'standalone'}:${context.info.activityId}:${context.info.attempt}`;
      const leaseMs = Math.max(3 * (context.info.heartbeatTimeoutMs || 30_000), 5_000);
      const rows = await store.digests.claim(claimer, input.limit, leaseMs);
      const result: DigestBatchResult = { claimed: rows.length, sent: 0, empty: 0, bounced: 0, deferred: 0, open: 0, nextAt: null };
      if (rows.length > 0) {
        const advocates = new Map((await store.digests.advocates(rows.map((row) => row.advocate_id))).map((a) => [String(a.id), a]));
        const pick = await composer.chooser([...advocates.values()]);
        const standingOf = await composer.engagement([...advocates.values()]);
        // A digest already in `sending` was perhaps delivered before a crash: it goes again as the same mail.
        const resent = await store.digests.itemsById([...new Set(rows.filter((r) => r.state === 'sending').flatMap((r) => r.item_ids))]);
        const byId = new Map(resent.map((item) => [item.id, item]));
        const now = Date.now();

        const empty: string[] = [];
        const ready: { row: DigestRow; advocate: AdvocateRow; items: DigestCandidate[] }[] = [];
        for (const row of rows) {
          const advocate = advocates.get(String(row.advocate_id))!;
          if (advocate.unsubscribed_at || advocate.mail_state === 'paused') {
            empty.push(row.id);
            continue;
          }
          const items = row.state === 'sending' ? row.item_ids.map((id) => byId.get(id)).filter((i): i is DigestCandidate => !!i) : pick(advocate);
          if (items.length === 0) empty.push(row.id);
          else ready.push({ row, advocate, items });
        }
        await store.digests.markEmpty(empty);
        result.empty = empty.length;

        // A sliding window: `concurrency` messages always in flight. Every digest of the batch is marked
        // `sending` (items and Message-ID fixed) before the first message goes; acceptances are recorded in
        // small groups as they come, so a crash leaves in doubt only the messages in flight and the few
        // accepted since the last record. Those go again as the same mail (RFC 1047: SMTP cannot do better).
        const concurrency = config.digest.concurrency;
        const inFlight = new Set<Promise<void>>();
        let accepted: { id: string; advocateId: string }[] = [];
        let flushing: Promise<void> | undefined;
        const flush = (): Promise<void> => {
          if (!flushing) {
            flushing = (async () => {
              while (accepted.length > 0) {
                const batch = accepted;
                accepted = [];
                try {
                  await store.digests.markSent(batch);
                } catch (error) {
                  accepted = [...batch, ...accepted]; // kept for the final flush, or the retried activity resends them
                  throw error;
                }
                result.sent += batch.length;
              }
            })().finally(() => (flushing = undefined));
          }
          return flushing;
        };
        const settle = async (row: DigestRow, advocate: AdvocateRow, outcome: Awaited<ReturnType<typeof sendOne>>) => {
          if (outcome === 'sent') {
            accepted.push({ id: row.id, advocateId: advocate.id });
            if (accepted.length >= RECORD_EVERY)
              flush().catch((error: unknown) => log.warn({ err: error }, 'recording sent digests failed; tried again at the end of the batch'));
          } else if ('permanent' in outcome) {
            await store.digests.markFailed(row.id, outcome.permanent);
            await store.advocates.recordBounce(advocate.id);
            result.bounced++;
            log.warn(
              { advocateId: advocate.id, digestId: row.id, period: row.period, reason: outcome.permanent },
              'digest refused for good: advocate marked bouncing',
            );
          } else {
            await store.digests.defer(row.id, new Date(Date.now() + DEFER_MS), outcome.temporary);
            result.deferred++;
            log.warn(
              { advocateId: advocate.id, digestId: row.id, period: row.period, reason: outcome.temporary },
              'digest deferred after repeated temporary refusals',
            );
          }
        };

        const prepared = ready.map(({ row, advocate, items }) => ({
          row,
          advocate,
          items,
          links: { ...composer.links(advocate.id, now), open: openPixelUrl(config, deps.secret, row.id, now) },
          messageId: row.message_id ?? mailMessageId(deps.secret, domain, 'digest', [advocate.id, row.period]),
        }));
        await store.digests.markSending(
          prepared.map((p) => ({ id: p.row.id, advocateId: p.advocate.id, itemIds: p.items.map((i) => i.id), messageId: p.messageId })),
        );
        let lastBeat = Date.now();
        for (const [index, p] of prepared.entries()) {
          while (inFlight.size >= concurrency) await Promise.race(inFlight);
          const mail = composer.render(p.advocate, p.items, p.links, 'wire', standingOf(p.advocate));
          const task: Promise<void> = sendOne(p.advocate, p.row, mail, p.messageId, p.links.unsubscribe)
            .then((outcome) => settle(p.row, p.advocate, outcome))
            .finally(() => inFlight.delete(task));
          inFlight.add(task);
          if (Date.now() - lastBeat > leaseMs / 6) {
            lastBeat = Date.now();
            context.heartbeat({ done: index });
            await store.digests.extendClaim(claimer, leaseMs);
          }
          // Cancelled (or timed out): stop taking new digests; those in flight finish and are recorded.
          if (context.cancellationSignal.aborted) break;
        }
        await Promise.all(inFlight);
        await flush();
        if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
        log.info({ claimer, ...result }, 'digest batch done');
      }
      const open = await store.digests.open();
      result.open = open.count;
      result.nextAt = open.nextAt?.toISOString() ?? null;
      return result;
    },

    /** The digest `email` would get now, rendered but neither sent nor recorded; null for an unknown address. */
    async previewDigest(input: { email: string }): Promise<DigestPreview | null> {
      const advocate = await store.advocates.byEmail(input.email);
      return advocate ? composer.preview(advocate) : null;
    },

    /** Upserts roster rows the CLI has already checked. */
    async importAdvocates(input: { advocates: AdvocateInput[] }): Promise<{ inserted: number; updated: number }> {
      return store.advocates.upsert(input.advocates);
    },
  };
}
