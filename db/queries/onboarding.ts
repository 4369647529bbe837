import { sql, type Kysely } from 'kysely';
import type { ItemCaptions } from '../../model/item.js';
import { offeredToEveryone } from './offered-to-everyone.js';
import type { AdvocateRow, Database } from '../schema.js';

export interface OnboardingRow {
  advocate: AdvocateRow;
  enrolledAt: Date;
  nextStep: number;
  lastSentOn: string | null;
}

// The welcome sequence's state: who is enrolled and how far they are (the mails themselves are keyed_mail rows).
export function onboardingQueries(db: Kysely<Database>) {
  return {
    /** When onboarding was first turned on; the first call records `at`, later calls return what was recorded. */
    async start(at: Date): Promise<Date> {
      await db
        .insertInto('onboarding_start')
        .values({ started_at: at })
        .onConflict((conflict) => conflict.column('one').doNothing())
        .execute();
      return (await db.selectFrom('onboarding_start').select('started_at').executeTakeFirstOrThrow()).started_at;
    },

    /** Enrols every advocate who joined since `since` and is not enrolled yet, as of the day they joined. */
    async enrolJoinedSince(since: Date): Promise<number> {
      const result = await db
        .insertInto('onboarding')
        .columns(['advocate_id', 'enrolled_at'])
        .expression((eb) =>
          eb
            .selectFrom('advocates as a')
            .select(['a.id', 'a.created_at'])
            .where('a.created_at', '>=', since)
            .where(({ not, exists, selectFrom }) => not(exists(selectFrom('onboarding as o').select('o.advocate_id').whereRef('o.advocate_id', '=', 'a.id')))),
        )
        .onConflict((conflict) => conflict.column('advocate_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    },

    /** Enrols advocates an admin names (all not yet enrolled, or by address), starting `at`; returns how many. */
    async enrol(who: { all: true } | { emails: readonly string[] }, at: Date): Promise<number> {
      const result = await db
        .insertInto('onboarding')
        .columns(['advocate_id', 'enrolled_at'])
        .expression((eb) => {
          let query = eb.selectFrom('advocates as a').select(['a.id', sql<Date>`${at}::timestamptz`.as('enrolled_at')]);
          if ('emails' in who) query = query.where('a.email', 'in', who.emails.length > 0 ? [...who.emails] : ['']);
          return query.where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('onboarding as o').select('o.advocate_id').whereRef('o.advocate_id', '=', 'a.id'))),
          );
        })
        .onConflict((conflict) => conflict.column('advocate_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    },

    /** Enrolled advocates whose sequence is not finished and who may be mailed: subscribed, not bouncing, not paused on `localDate`. */
    async open(localDate: string, limit: number): Promise<OnboardingRow[]> {
      const rows = await db
        .selectFrom('onboarding as o')
        .innerJoin('advocates as a', 'a.id', 'o.advocate_id')
        .selectAll('a')
        .select(['o.enrolled_at as o_enrolled_at', 'o.next_step as o_next_step', 'o.last_sent_on as o_last_sent_on'])
        .where('o.finished_at', 'is', null)
        .where('a.unsubscribed_at', 'is', null)
        .where('a.mail_state', '=', 'ok')
        .where((eb) => eb.or([eb('a.paused_until', 'is', null), eb('a.paused_until', '<=', localDate)]))
        .orderBy('a.id')
        .limit(limit)
        .execute();
      return rows.map(({ o_enrolled_at, o_next_step, o_last_sent_on, ...advocate }) => ({
        advocate: advocate as AdvocateRow,
        enrolledAt: o_enrolled_at,
        nextStep: o_next_step,
        lastSentOn: o_last_sent_on,
      }));
    },

    /** Records step `step` as sent on `sentOn`; the sequence is finished when it was the last. */
    async advance(advocateId: string, step: number, sentOn: string, finished: boolean): Promise<void> {
      await db
        .updateTable('onboarding')
        .set({ next_step: step + 1, last_sent_on: sentOn, ...(finished ? { finished_at: sql<Date>`now()` } : {}) })
        .where('advocate_id', '=', advocateId)
        .where('next_step', '=', step)
        .execute();
    },

    /** Ends a sequence that has no step left (the config lost some). */
    async finish(advocateId: string): Promise<void> {
      await db
        .updateTable('onboarding')
        .set({ finished_at: sql<Date>`now()` })
        .where('advocate_id', '=', advocateId)
        .execute();
    },

    /** The best approved items now: most shared since `since`, then the newest, decided since `decidedSince`. */
    async bestItems(since: Date, decidedSince: Date, limit: number): Promise<{ id: string; url: string; title: string; captions: ItemCaptions }[]> {
      const rows = await sql<{ id: string; url: string; title: string; captions: ItemCaptions }>`
        select i.id, i.url, i.title, i.captions
        from items i
        where ${offeredToEveryone(decidedSince)}
        order by (select count(*) from link_events e where e.item_id = i.id and e.kind = 'share' and e.at >= ${since}) desc,
          i.decided_at desc
        limit ${limit}`.execute(db);
      return rows.rows;
    },

    async progress(advocateId: string) {
      return db.selectFrom('onboarding').selectAll().where('advocate_id', '=', advocateId).executeTakeFirst();
    },
  };
}
