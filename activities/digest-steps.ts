import { Context } from '@temporalio/activity';
import type { Logger } from 'pino';
import { mailDomain } from '../approvals/addresses.js';
import type { KaikuConfig } from '../config/schema.js';
import { digestMomentOf, digestPeriodAt, localDate } from '../content/digest-moment.js';
import type { DigestCandidate } from '../db/queries/digests.js';
import type { AdvocateRow, DigestRow } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { createDigestComposer, type DigestPreview } from '../digests/composer.js';
import type { RenderedMail } from '../emails/layout.js';
import { PermanentMailError, type Mailer } from '../integrations/email/mailer.js';
import type { AdvocateInput } from '../advocates/roster.js';
import type { Secret } from '../security/secret.js';

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
  /** Digests still open after this batch (any claimer), and when the earliest deferred one is due. */
  open: number;
  nextAt: string | null;
}

const LEASE_MS = 5 * 60_000;
// A 4xx is tried again at once with backoff; still refused after these waits, the digest waits for a later batch.
const RETRY_WAITS_MS = [250, 500, 1000, 2000, 4000];
const DEFER_MS = 2 * 60_000;

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
          messageId,
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
      const claimer = `${context.info.workflowExecution?.workflowId ?? 'standalone'}:${context.info.activityId}`;
      const rows = await store.digests.claim(claimer, input.limit, LEASE_MS);
      const result: DigestBatchResult = { claimed: rows.length, sent: 0, empty: 0, bounced: 0, deferred: 0, open: 0, nextAt: null };
      if (rows.length > 0) {
        const advocates = new Map((await store.digests.advocates(rows.map((row) => row.advocate_id))).map((a) => [String(a.id), a]));
        const pick = await composer.chooser([...advocates.values()]);
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

        for (let start = 0; start < ready.length; start += config.digest.concurrency) {
          const chunk = ready.slice(start, start + config.digest.concurrency);
          const prepared = chunk.map(({ row, advocate, items }) => {
            const links = composer.links(advocate.id, now);
            return {
              row,
              advocate,
              items,
              links,
              mail: composer.render(advocate, items, links),
              messageId: row.message_id ?? `<digest.${advocate.id}.${row.period}@${domain}>`,
            };
          });
          await store.digests.markSending(
            prepared.map((p) => ({ id: p.row.id, advocateId: p.advocate.id, itemIds: p.items.map((i) => i.id), messageId: p.messageId })),
          );
          const outcomes = await Promise.all(prepared.map((p) => sendOne(p.advocate, p.row, p.mail, p.messageId, p.links.unsubscribe)));
          const sent: { id: string; advocateId: string }[] = [];
          for (const [index, outcome] of outcomes.entries()) {
            const { row, advocate } = prepared[index]!;
            if (outcome === 'sent') sent.push({ id: row.id, advocateId: advocate.id });
            else if ('permanent' in outcome) {
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
          }
          await store.digests.markSent(sent);
          result.sent += sent.length;
          context.heartbeat({ done: start + chunk.length });
          await store.digests.extendClaim(claimer, LEASE_MS);
        }
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
