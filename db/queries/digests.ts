import { sql, type Kysely } from 'kysely';
import type {
  AdvocateRow,
  Database,
  DigestFrequency,
  DigestRow,
  DigestRunRow,
  DigestRunTotals,
  DigestState,
  HeldCounts,
  HeldReason,
  LinkEventKind,
} from '../schema.js';
import type { ItemCaptions, Network } from '../../model/item.js';

export interface DigestCandidate {
  id: string;
  url: string;
  title: string;
  summary: string | null;
  image_url: string | null;
  language: string | null;
  topics: string[];
  /** Only advocates of these branches get it (a composed post's choice); empty: anyone it fits. */
  branches: string[];
  captions: ItemCaptions;
  decided_at: Date;
  /** When it became new to advocates: its approval, or its "not before" if later. */
  available_at: Date;
  /** Pinned to the top of the next digest run. */
  pinned: boolean;
  source_name: string;
  priority: number;
}

export interface ZoneGroup {
  time_zone: string;
  frequency: DigestFrequency;
}

export interface SendingDigest {
  id: string;
  advocateId: string;
  itemIds: string[];
  messageId: string;
}

export interface NewLinkEvent {
  kind: LinkEventKind;
  advocateId: string;
  itemId: string;
  network?: Network | undefined;
  visitor?: string | undefined;
  bot?: boolean | undefined;
}

export interface PlanRunInput {
  workflowId: string;
  workflowRunId: string;
  tickAt: Date;
  /** A manual send: the empty digests of these periods are planned again. */
  forced: boolean;
  groups: readonly PlanGroup[];
  /** How many advocates a batch gets, given how many are due (decided once per run). */
  batchSizeFor(due: number): number;
  /** Advocates the mail budget holds this time, and why (see `due`): their digest is recorded as held. */
  held?: ReadonlyMap<string, HeldReason> | undefined;
}

export interface PlanGroup extends ZoneGroup {
  period: string;
  localDate: string;
}

export interface PlannedRun {
  /** null: nothing was due and nothing is open, so no run was recorded. */
  runId: string | null;
  /** Digests this run planned (newly due), and the batches they are cut into. */
  planned: number;
  batches: number;
  batchSize: number;
  /** Digests this run held (newly), by reason. */
  held: HeldCounts;
}

/** One batch of a run, or (no `batch`) whatever open digests the run may take; `runId` undefined: any at all. */
export type ClaimScope = { runId: string; batch: number } | { runId?: string | null | undefined; batch?: undefined };

export interface BatchFigures extends DigestRunTotals {
  /** null: digests the run took over from elsewhere or left for its last round (deferred, or a crashed attempt's). */
  batch: number | null;
  /** Open digests waiting out a temporary refusal. */
  waiting: number;
  worker: string | null;
  attempts: number;
  finishedAt: Date | null;
}

const OPEN = ['planned', 'sending'] as const;
const HELD_REASONS: readonly HeldReason[] = ['quiet period', 'weekly cap'];

/** The group's advocates who may get a digest at all (subscribed, mail not paused, not pausing on the group's date). */
function mayGetDigest(group: PlanGroup) {
  return sql`time_zone = ${group.time_zone} and frequency = ${group.frequency}
    and unsubscribed_at is null and mail_state <> 'paused'
    and (paused_until is null or paused_until <= ${group.localDate})`;
}

/** `= any(…)` of a list of ids as one array parameter: a roster's worth is one value, not a parameter each. */
function anyId(list: readonly string[]) {
  return sql<string>`any(${sql.val([...list])}::bigint[])`;
}

function anyText(list: readonly string[]) {
  return sql<string>`any(${sql.val([...list])}::text[])`;
}
// A run nobody has worked on for this long was interrupted (its workflow terminated): others may take its digests.
const QUIET_RUN = '1 hour';

/** The open digests a run may take: its own, those of no run, and those of runs finished or interrupted. */
function takeable(runId: string | null | undefined) {
  if (!runId) return sql<boolean>`true`;
  return sql<boolean>`(run_id is null or run_id = ${runId} or run_id in (
    select id from digest_runs where finished_at is not null or touched_at < now() - ${QUIET_RUN}::interval))`;
}

async function openCount(db: Kysely<Database>, runId: string | null | undefined): Promise<number> {
  const row = await sql<{ n: string }>`select count(*) as n from digests where state in ('planned', 'sending') and ${takeable(runId)}`.execute(db);
  return Number(row.rows[0]!.n);
}

function emptyTotals(): DigestRunTotals {
  return { due: 0, sent: 0, empty: 0, failed: 0, deferred: 0, open: 0 };
}

function addState(totals: DigestRunTotals, state: DigestState, count: number, deferred: number): void {
  totals.due += count;
  totals.deferred += deferred;
  if (state === 'sent') totals.sent += count;
  else if (state === 'empty') totals.empty += count;
  else if (state === 'failed') totals.failed += count;
  else totals.open += count;
}

export function digestQueries(db: Kysely<Database>) {
  /** An item as a digest shows it, with its source's name and priority. */
  const withSource = () =>
    db
      .selectFrom('items')
      .innerJoin('sources', 'sources.id', 'items.source_id')
      .select([
        'items.id',
        'items.url',
        'items.title',
        'items.summary',
        'items.image_url',
        'items.language',
        'items.topics',
        'items.branches',
        sql<ItemCaptions>`items.captions`.as('captions'),
        sql<Date>`items.decided_at`.as('decided_at'),
        sql<Date>`greatest(items.decided_at, coalesce(items.not_before, items.decided_at))`.as('available_at'),
        sql<boolean>`items.pinned_at is not null`.as('pinned'),
        'sources.name as source_name',
        sql<number>`coalesce((sources.settings -> 'settings' ->> 'priority')::int, 5)`.as('priority'),
      ]);

  /** The run's figures now, in all and by batch (a null batch: taken over from elsewhere, or left for later). */
  async function runFigures(runId: string): Promise<{ total: DigestRunTotals; batches: BatchFigures[] }> {
    const [rows, workers] = await Promise.all([
      sql<{ batch: number | null; state: DigestState; n: string; deferred: string; waiting: string }>`
        select batch, state, count(*) as n, count(*) filter (where deferrals > 0) as deferred,
          count(*) filter (where not_before > now()) as waiting
        from digests where run_id = ${runId} and state <> 'held' group by batch, state`.execute(db),
      db.selectFrom('digest_batches').selectAll().where('run_id', '=', runId).execute(),
    ]);
    const total = emptyTotals();
    const byBatch = new Map<number | null, BatchFigures>();
    for (const row of rows.rows) {
      const figures = byBatch.get(row.batch) ?? { batch: row.batch, ...emptyTotals(), waiting: 0, worker: null, attempts: 0, finishedAt: null };
      for (const target of [total, figures]) addState(target, row.state, Number(row.n), Number(row.deferred));
      figures.waiting += Number(row.waiting);
      byBatch.set(row.batch, figures);
    }
    for (const worker of workers) {
      const figures = byBatch.get(worker.batch);
      if (figures) Object.assign(figures, { worker: worker.worker, attempts: worker.attempts, finishedAt: worker.finished_at });
    }
    const batches = [...byBatch.values()].sort((a, b) => (a.batch ?? Number.MAX_SAFE_INTEGER) - (b.batch ?? Number.MAX_SAFE_INTEGER));
    return { total, batches };
  }

  return {
    /** The (time zone, frequency) pairs of advocates who may get a digest: each pair shares one period. */
    async zoneGroups(): Promise<ZoneGroup[]> {
      return db
        .selectFrom('advocates')
        .select(['time_zone', 'frequency'])
        .distinct()
        .where('unsubscribed_at', 'is', null)
        .where('mail_state', '<>', 'paused')
        .execute();
    },

    /**
     * Plans a run: opens (or, for a retried planning step, finds again) the run of `workflowRunId`, plans each
     * group's period for its advocates who have no digest for it yet, and cuts the run's unnumbered open digests
     * into batches of `batchSizeFor(count)` in advocate order. A manual send (`forced`) plans again those who
     * had nothing relevant earlier in the period. A tick that finds nothing to plan and nothing open leaves no run.
     */
    /**
     * The advocates of `group` whose digest for its period is still to be decided: no row yet, a row the budget
     * held (looked at again each tick), or (`forced`) an empty one. The mail budget is asked about these.
     */
    async due(group: PlanGroup, forced: boolean): Promise<string[]> {
      const rows = await sql<{ id: string }>`
        select a.id from advocates a
        left join digests d on d.advocate_id = a.id and d.period = ${group.period}
        where ${mayGetDigest(group)}
          and (d.id is null or d.state = 'held'${forced ? sql` or d.state = 'empty'` : sql``})
        order by a.id`.execute(db);
      return rows.rows.map((row) => String(row.id));
    },

    /**
     * When each advocate's budgeted mails were sent after `since` and up to `until`, as the store records them:
     * their digests and their keyed mails of these kinds (nudges, onboarding), by the advocate's address. Only the
     * advocates with at least `atLeast` such mails are returned (counted in the database: a cap's worth is few).
     */
    async sentSince(
      advocateIds: readonly string[],
      since: Date,
      kinds: readonly string[],
      options: { until: Date; atLeast: number },
    ): Promise<Map<string, Date[]>> {
      const sent = new Map<string, Date[]>();
      if (advocateIds.length === 0) return sent;
      const rows = await sql<{ advocate_id: string; sent: string[] }>`
        select advocate_id, json_agg(sent_at order by sent_at) as sent from (
          select advocate_id, sent_at from digests
          where state = 'sent' and sent_at > ${since} and sent_at <= ${options.until} and advocate_id = ${anyId(advocateIds)}
          union all
          select a.id as advocate_id, k.sent_at from keyed_mail k join advocates a on a.email = k.recipient
          where k.state = 'sent' and k.sent_at > ${since} and k.sent_at <= ${options.until} and k.kind = ${anyText(kinds)} and a.id = ${anyId(advocateIds)}
        ) mails
        group by advocate_id
        having count(*) >= ${options.atLeast}`.execute(db);
      for (const row of rows.rows)
        sent.set(
          String(row.advocate_id),
          row.sent.map((at) => new Date(at)),
        );
      return sent;
    },

    /**
     * Plans a run: opens (or, for a retried planning step, finds again) the run of `workflowRunId`, plans each
     * group's period for its advocates who have no digest for it yet (or one the budget held before), records
     * those `held` names as held with why, and cuts the run's unnumbered open digests into batches of
     * `batchSizeFor(count)` in advocate order. A manual send (`forced`) plans again those who had nothing
     * relevant earlier in the period. A tick that finds nothing to plan, hold or send leaves no run.
     */
    async planRun(input: PlanRunInput): Promise<PlannedRun> {
      const heldIds = [...(input.held?.keys() ?? [])];
      return db.transaction().execute(async (trx) => {
        const run = await trx
          .insertInto('digest_runs')
          .values({ workflow_id: input.workflowId, workflow_run_id: input.workflowRunId, tick_at: input.tickAt, forced: input.forced })
          .onConflict((conflict) => conflict.column('workflow_run_id').doUpdateSet({ touched_at: sql`now()` }))
          .returning(['id', 'planned', 'batches', 'batch_size', 'held'])
          .executeTakeFirstOrThrow();
        let planned = 0;
        const held: HeldCounts = { ...run.held };
        for (const group of input.groups) {
          const result = await sql`
            insert into digests (advocate_id, period, run_id)
            select id, ${group.period}, ${run.id} from advocates
            where ${mayGetDigest(group)}${heldIds.length > 0 ? sql` and not (id = ${anyId(heldIds)})` : sql``}
            on conflict (advocate_id, period) do update set state = 'planned', held_reason = null, run_id = ${run.id}, batch = null,
              claimed_by = null, claimed_until = null
            where digests.state = 'held'${input.forced ? sql` or digests.state = 'empty'` : sql``}`.execute(trx);
          planned += Number(result.numAffectedRows ?? 0n);
          for (const reason of HELD_REASONS) {
            const these = heldIds.filter((id) => input.held!.get(id) === reason);
            if (these.length === 0) continue;
            // Only a digest held for the first time counts for this run; one held before keeps its run, its reason updated.
            const inserted = await sql<{ n: string }>`
              with fresh as (
                insert into digests (advocate_id, period, run_id, state, held_reason)
                select id, ${group.period}, ${run.id}, 'held', ${reason} from advocates
                where ${mayGetDigest(group)} and id = ${anyId(these)}
                on conflict (advocate_id, period) do nothing
                returning id
              )
              select count(*) as n from fresh`.execute(trx);
            await sql`update digests set held_reason = ${reason}
              where period = ${group.period} and state = 'held' and advocate_id = ${anyId(these)}`.execute(trx);
            const count = Number(inserted.rows[0]!.n);
            if (count > 0) held[reason] = (held[reason] ?? 0) + count;
          }
        }
        const unnumbered = await trx
          .selectFrom('digests')
          .select(sql<string>`count(*)`.as('n'))
          .where('run_id', '=', run.id)
          .where('batch', 'is', null)
          .where('state', 'in', [...OPEN])
          .executeTakeFirstOrThrow();
        const count = Number(unnumbered.n);
        const size = run.batch_size > 0 ? run.batch_size : input.batchSizeFor(count);
        const added = Math.ceil(count / size);
        if (added > 0) {
          await sql`
            with numbered as (
              select id, row_number() over (order by advocate_id) - 1 as n from digests
              where run_id = ${run.id} and batch is null and state in ('planned', 'sending')
            )
            update digests set batch = ${run.batches} + numbered.n / ${size}
            from numbered where digests.id = numbered.id`.execute(trx);
        }
        const totals = { planned: run.planned + planned, batches: run.batches + added };
        const heldAny = Object.values(held).some((n) => n > 0);
        if (totals.planned === 0 && totals.batches === 0 && !heldAny && (await openCount(trx, run.id)) === 0) {
          await trx.deleteFrom('digest_runs').where('id', '=', run.id).execute();
          return { runId: null, planned: 0, batches: 0, batchSize: size, held: {} };
        }
        await trx
          .updateTable('digest_runs')
          .set({ planned: totals.planned, batches: totals.batches, batch_size: size, held: JSON.stringify(held) })
          .where('id', '=', run.id)
          .execute();
        // PGlite reads a bigint as a number, pg as a string: the run's id leaves as the string it is typed.
        return { runId: String(run.id), planned: totals.planned, batches: totals.batches, batchSize: size, held };
      });
    },

    /**
     * Claims up to `limit` open digests for `claimer` for `leaseMs`: unclaimed ones, ones whose lease ran out,
     * and the claimer's own (a retried activity takes its rows straight back). With `batch`, only that batch
     * of the run; without, any the run may take (see `takeable`), which then count as the run's.
     */
    async claim(claimer: string, scope: ClaimScope, limit: number, leaseMs: number): Promise<DigestRow[]> {
      const rows = await sql<DigestRow>`
        update digests set claimed_by = ${claimer}, claimed_until = now() + ${`${leaseMs} milliseconds`}::interval, attempts = attempts + 1${
          scope.batch === undefined && scope.runId ? sql`, batch = case when run_id = ${scope.runId} then batch end, run_id = ${scope.runId}` : sql``
        }
        where id in (
          select id from digests
          where state in ('planned', 'sending')
            and (claimed_by is null or claimed_by = ${claimer} or claimed_until < now())
            and (not_before is null or not_before <= now())
            and ${scope.batch === undefined ? takeable(scope.runId) : sql`run_id = ${scope.runId} and batch = ${scope.batch}`}
          order by advocate_id limit ${limit}
          for update skip locked
        )
        returning *`.execute(db);
      return rows.rows.sort((a, b) => Number(a.advocate_id) - Number(b.advocate_id));
    },

    /** Renews `claimer`'s lease on its open digests, and marks the run as worked on. */
    async extendClaim(claimer: string, leaseMs: number, runId?: string | null): Promise<void> {
      await sql`update digests set claimed_until = now() + ${`${leaseMs} milliseconds`}::interval where claimed_by = ${claimer} and state in ('planned', 'sending')`.execute(
        db,
      );
      if (runId)
        await db
          .updateTable('digest_runs')
          .set({ touched_at: sql`now()` })
          .where('id', '=', runId)
          .execute();
    },

    /** Open digests of a batch that another claimer holds, and when the first of those leases ends. */
    async heldElsewhere(claimer: string, runId: string, batch: number): Promise<{ count: number; until: Date | null }> {
      const row = await db
        .selectFrom('digests')
        .select([sql<string>`count(*)`.as('n'), sql<Date | null>`min(claimed_until)`.as('until')])
        .where('run_id', '=', runId)
        .where('batch', '=', batch)
        .where('state', 'in', [...OPEN])
        .where('claimed_by', '<>', claimer)
        .where('claimed_until', '>=', sql<Date>`now()`)
        .executeTakeFirstOrThrow();
      return { count: Number(row.n), until: row.until ? new Date(row.until) : null };
    },

    /** Open digests the run may still take (`runId` null: any), and when the earliest of them may be claimed. */
    async open(runId?: string | null): Promise<{ count: number; nextAt: Date | null }> {
      const row = await sql<{ n: string; next_at: Date | null }>`
        select count(*) as n, least(min(not_before), min(claimed_until)) as next_at from digests
        where state in ('planned', 'sending') and ${takeable(runId)}`.execute(db);
      const first = row.rows[0]!;
      return { count: Number(first.n), nextAt: first.next_at ? new Date(first.next_at) : null };
    },

    /** A worker takes batch `batch` of a run (again, after a crash). */
    async startBatch(runId: string, batch: number, worker: string): Promise<void> {
      await db
        .insertInto('digest_batches')
        .values({ run_id: runId, batch, worker, attempts: 1, started_at: sql`now()` })
        .onConflict((conflict) => conflict.columns(['run_id', 'batch']).doUpdateSet({ worker, attempts: sql`digest_batches.attempts + 1`, finished_at: null }))
        .execute();
    },

    async finishBatch(runId: string, batch: number): Promise<void> {
      await db
        .updateTable('digest_batches')
        .set({ finished_at: sql`now()` })
        .where('run_id', '=', runId)
        .where('batch', '=', batch)
        .execute();
    },

    runFigures,

    /**
     * The pinned items this run's sent digests carried (pinned before the run began), unpinned: a pin is for the
     * next run only. Returns those it unpinned, for the trail.
     */
    async unpinCarried(runId: string): Promise<{ id: string; pinned_by: string | null; pinned_at: Date }[]> {
      const result = await sql<{ id: string; pinned_by: string | null; pinned_at: Date }>`
        with carried as (
          select i.id, i.pinned_by, i.pinned_at from items i
          where i.pinned_at is not null
            and i.pinned_at <= (select started_at from digest_runs where id = ${runId})
            and exists (select 1 from digest_items di join digests d on d.id = di.digest_id where di.item_id = i.id and d.run_id = ${runId} and d.state = 'sent')
        )
        update items set pinned_at = null, pinned_by = null from carried where items.id = carried.id
        returning items.id, carried.pinned_by, carried.pinned_at`.execute(db);
      return result.rows;
    },

    /** Records the run as finished with its figures now (once: a repeated call returns the first totals). */
    async finishRun(runId: string): Promise<DigestRunTotals> {
      const { total } = await runFigures(runId);
      const row = await db
        .updateTable('digest_runs')
        .set({ finished_at: sql`coalesce(finished_at, now())`, totals: sql`coalesce(totals, ${JSON.stringify(total)}::jsonb)` })
        .where('id', '=', runId)
        .returning('totals')
        .executeTakeFirstOrThrow();
      return row.totals ?? total;
    },

    run(runId: string): Promise<DigestRunRow | undefined> {
      return db.selectFrom('digest_runs').selectAll().where('id', '=', runId).executeTakeFirst();
    },

    /** The latest runs, newest first; `interrupted`: unfinished and nobody has worked on it for long (its workflow is gone). */
    runs(limit: number): Promise<(DigestRunRow & { interrupted: boolean })[]> {
      return db
        .selectFrom('digest_runs')
        .selectAll()
        .select(sql<boolean>`finished_at is null and touched_at < now() - ${QUIET_RUN}::interval`.as('interrupted'))
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    /**
     * The run's top posts: the items in most of its sent digests (ties: the later approved first), with how many.
     * What an advocate got in an earlier week counts for that week's run, not this one (digest_items keeps the first).
     */
    async topOfRun(runId: string, limit: number): Promise<(DigestCandidate & { digests: number })[]> {
      const counted = await sql<{ item_id: string; n: string }>`
        select di.item_id, count(*) as n from digest_items di join digests d on d.id = di.digest_id
        where d.run_id = ${runId} and d.state = 'sent'
        group by di.item_id`.execute(db);
      if (counted.rows.length === 0) return [];
      const byId = new Map(counted.rows.map((row) => [row.item_id, Number(row.n)]));
      const items = await withSource()
        .where('items.id', 'in', [...byId.keys()])
        .where('items.captions', 'is not', null)
        .where('items.retracted_at', 'is', null)
        .execute();
      return items
        .map((item) => ({ ...item, digests: byId.get(item.id)! }))
        .sort((a, b) => b.digests - a.digests || new Date(b.decided_at).getTime() - new Date(a.decided_at).getTime() || a.id.localeCompare(b.id))
        .slice(0, limit);
    },

    /**
     * Approved, unexpired, unretracted items with captions, available since `since` (or pinned), inside their
     * schedule now: from their "not before", before their "not after".
     */
    candidates(since: Date): Promise<DigestCandidate[]> {
      return (
        withSource()
          .where('items.state', '=', 'approved')
          .where('items.captions', 'is not', null)
          .where('items.retracted_at', 'is', null)
          .where((eb) =>
            eb.or([eb(sql`greatest(items.decided_at, coalesce(items.not_before, items.decided_at))`, '>=', since), eb('items.pinned_at', 'is not', null)]),
          )
          .where((eb) => eb.or([eb('items.expires_at', 'is', null), eb('items.expires_at', '>', sql<Date>`now()`)]))
          .where((eb) => eb.or([eb('items.not_before', 'is', null), eb('items.not_before', '<=', sql<Date>`now()`)]))
          .where((eb) => eb.or([eb('items.not_after', 'is', null), eb('items.not_after', '>', sql<Date>`now()`)]))
          // The pinned first, so that the limit never cuts one.
          .orderBy(sql`items.pinned_at is not null`, 'desc')
          .orderBy('items.decided_at', 'desc')
          .limit(1000)
          .execute()
      );
    },

    /** The items a resent digest carried, whatever their state now. */
    itemsById(ids: readonly string[]): Promise<DigestCandidate[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return withSource()
        .where('items.id', 'in', [...ids])
        .execute();
    },

    /** advocate id → the item ids (of `itemIds`) they have already received. */
    async received(advocateIds: readonly string[], itemIds: readonly string[]): Promise<Map<string, Set<string>>> {
      const map = new Map<string, Set<string>>();
      if (advocateIds.length === 0 || itemIds.length === 0) return map;
      const rows = await db
        .selectFrom('digest_items')
        .select(['advocate_id', 'item_id'])
        .where('advocate_id', '=', anyId(advocateIds))
        .where('item_id', '=', anyText(itemIds))
        .execute();
      for (const row of rows) {
        const key = String(row.advocate_id);
        if (!map.has(key)) map.set(key, new Set());
        map.get(key)!.add(row.item_id);
      }
      return map;
    },

    advocates(ids: readonly string[]): Promise<AdvocateRow[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('advocates').selectAll().where('id', '=', anyId(ids)).execute();
    },

    /** Written before the SMTP transaction: the items chosen and the Message-ID, so a resend is the same mail. */
    async markSending(digests: readonly SendingDigest[]): Promise<void> {
      if (digests.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await sql`
          update digests as d set state = 'sending', item_ids = v.item_ids::jsonb, message_id = v.message_id
          from (values ${sql.join(digests.map((d) => sql`(${d.id}::bigint, ${JSON.stringify(d.itemIds)}, ${d.messageId})`))}) as v(id, item_ids, message_id)
          where d.id = v.id`.execute(trx);
        const received = digests.flatMap((d) => d.itemIds.map((itemId) => ({ advocate_id: d.advocateId, item_id: itemId, digest_id: d.id })));
        if (received.length > 0)
          await trx
            .insertInto('digest_items')
            .values(received)
            .onConflict((conflict) => conflict.columns(['advocate_id', 'item_id']).doNothing())
            .execute();
      });
    },

    /** The relay took these messages: one statement, so each is recorded the moment it is accepted. */
    async markSent(digests: readonly { id: string; advocateId: string }[]): Promise<void> {
      if (digests.length === 0) return;
      await sql`
        with sent as (
          update digests set state = 'sent', sent_at = now(), claimed_by = null, claimed_until = null, error = null, not_before = null
          where id = ${anyId(digests.map((d) => d.id))}
          returning advocate_id
        )
        update advocates set last_digest_at = now(), bounces = 0, mail_state = 'ok'
        where id in (select advocate_id from sent)`.execute(db);
    },

    async markEmpty(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('digests')
        .set({ state: 'empty', claimed_by: null, claimed_until: null })
        .where('id', 'in', [...ids])
        .execute();
    },

    /** A permanent refusal for this address: the digest is not retried. */
    async markFailed(id: string, error: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('digests').set({ state: 'failed', error, claimed_by: null, claimed_until: null }).where('id', '=', id).execute();
        // Never delivered, so not received: the items stay eligible should the address work again.
        await trx.deleteFrom('digest_items').where('digest_id', '=', id).execute();
      });
    },

    /** A temporary refusal: tried again after `notBefore`, as the same mail. */
    async defer(id: string, notBefore: Date, error: string): Promise<void> {
      await db
        .updateTable('digests')
        .set({ not_before: notBefore, error, claimed_by: null, claimed_until: null, deferrals: sql`deferrals + 1` })
        .where('id', '=', id)
        .execute();
    },

    forAdvocate(advocateId: string): Promise<DigestRow[]> {
      return db.selectFrom('digests').selectAll().where('advocate_id', '=', advocateId).orderBy('id', 'desc').limit(20).execute();
    },

    async recordLinkEvents(events: readonly NewLinkEvent[], options: { asyncCommit?: boolean } = {}): Promise<void> {
      if (events.length === 0) return;
      if (options.asyncCommit) {
        await db.transaction().execute(async (trx) => {
          await sql`set local synchronous_commit = off`.execute(trx);
          await digestQueries(trx).recordLinkEvents(events);
        });
        return;
      }
      await db
        .insertInto('link_events')
        .values(
          events.map((event) => ({
            kind: event.kind,
            advocate_id: event.advocateId,
            item_id: event.itemId,
            network: event.network ?? null,
            visitor: event.visitor ?? null,
            bot: event.bot ?? false,
          })),
        )
        .execute();
    },

    linkEvents(advocateId: string) {
      return db.selectFrom('link_events').selectAll().where('advocate_id', '=', advocateId).orderBy('id').execute();
    },

    /** Item id → its URL, for the redirects (only approved items are shared). */
    async itemTarget(itemId: string): Promise<{ url: string; captions: ItemCaptions | null; retracted_at: Date | null } | undefined> {
      return db
        .selectFrom('items')
        .select(['url', sql<ItemCaptions | null>`captions`.as('captions'), 'retracted_at'])
        .where('id', '=', itemId)
        .executeTakeFirst();
    },
  };
}
