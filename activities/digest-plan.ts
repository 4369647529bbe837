import type { KaikuConfig } from '../config/schema.js';
import type { PlanGroup } from '../db/queries/digests.js';
import type { HeldReason } from '../db/schema.js';
import type { Store } from '../db/store.js';
import type { Secret } from '../rules/tokens/secret.js';
import { digestMomentOf, digestPeriodAt, localDate, nextDigestAt } from '../rules/digests/digest-moment.js';
import { mailBudget, quietPeriodOn, BUDGET_WINDOW_MS, BUDGETED_KEYED_MAIL } from '../rules/digests/mail-budget.js';
import { noDigestReason, type AdvocateOutcome } from '../rules/digests/next-run.js';
import { createDigestComposer } from './digest-composer.js';

// Who a digest tick at a given moment plans and who the mail budget holds: one rule, asked by the run's planning
// step (activities/digest-steps.ts) and by the console's "This week" dry plan, so the page's figures are the run's.

export function createDigestPlanner(deps: { store: Store; config: KaikuConfig }) {
  const { store, config } = deps;
  const moment = digestMomentOf(config.digest);

  /** The (time zone, frequency) groups whose digest moment has come at `at`, each with its period. */
  async function dueGroups(at: Date, force: boolean, timeZones?: readonly string[]): Promise<PlanGroup[]> {
    const groups: PlanGroup[] = [];
    for (const group of await store.digests.zoneGroups()) {
      if (timeZones && !timeZones.includes(group.time_zone)) continue;
      const period = digestPeriodAt(at, group.time_zone, moment, group.frequency);
      // A tick long after the moment (kaiku was down for days) leaves that week alone; a manual send does not.
      if (!force && at.getTime() - period.startsAt.getTime() > config.digest.catchUp) continue;
      groups.push({ ...group, period: period.key, localDate: localDate(at, group.time_zone) });
    }
    return groups;
  }

  /** The advocates of these groups whose digest for the period is still to be decided (the store's `due`). */
  async function dueAdvocates(groups: readonly PlanGroup[], force: boolean): Promise<string[]> {
    return (await Promise.all(groups.map((group) => store.digests.due(group, force)))).flat();
  }

  /**
   * The due advocates the mail budget holds at `at`, and why: a quiet period (on the programme's calendar) holds
   * them all; the weekly cap those whose sent digests, nudges and onboarding mails in the 7 days before fill it.
   * `due` is read only when a budget applies (a programme without one asks nobody's sent mail). The budget is
   * asked once for everyone the store finds no cap's worth of mail for (its answer is the same for them all), and
   * then only about those it does find.
   */
  async function heldByBudget(at: Date, due: () => Promise<readonly string[]>): Promise<Map<string, HeldReason>> {
    const held = new Map<string, HeldReason>();
    const { quietPeriods, weeklyCap } = config.mail;
    // The quiet period is the programme's, the same for everyone: inside one, nobody's sent mail need be read.
    const quiet = quietPeriodOn(localDate(at, config.program.timeZone), quietPeriods) !== undefined;
    if (!quiet && weeklyCap === null) return held;
    const ids = await due();
    const sent =
      quiet || weeklyCap === null
        ? new Map<string, Date[]>()
        : await store.digests.sentSince(ids, new Date(at.getTime() - BUDGET_WINDOW_MS), BUDGETED_KEYED_MAIL, { until: at, atLeast: weeklyCap });
    const ask = (sentAt: readonly Date[]) => mailBudget({ kind: 'digest', at, timeZone: config.program.timeZone, quietPeriods, weeklyCap, sentAt });
    const unfilled = ask([]);
    for (const advocateId of ids) {
      const mails = sent.get(advocateId);
      const budget = mails ? ask(mails) : unfilled;
      if (budget.kind === 'wait') held.set(advocateId, budget.why);
    }
    return held;
  }

  return {
    moment,
    dueGroups,
    dueAdvocates,
    heldByBudget,
    /**
     * What a tick at `at` plans: its groups, the advocates due in them and those the budget holds. `timeZones`
     * limits it to the advocates of those zones (the dry plan asks each zone at its own moment).
     */
    async plan(at: Date, force: boolean, timeZones?: readonly string[]): Promise<{ groups: PlanGroup[]; due: string[]; held: Map<string, HeldReason> }> {
      const groups = await dueGroups(at, force, timeZones);
      const due = await dueAdvocates(groups, force);
      return { groups, due, held: await heldByBudget(at, () => Promise.resolve(due)) };
    },
  };
}

export interface NextRun {
  /** The next digest moment on the programme's clock. */
  at: Date;
  /** Each time zone's own next moment, when advocates live in several. */
  zones: { timeZone: string; at: Date }[];
  /** Every advocate on the roster (not removed or erased), with what the run would give them. */
  outcomes: AdvocateOutcome[];
}

/**
 * The next run planned dry: each time zone's advocates at that zone's next digest moment after `now`, through the
 * run's own planning (`createDigestPlanner().plan`) and selection (the composer's `chooser`); nothing is recorded.
 * Items are read as approved and scheduled now, as the run reads them when it sends.
 */
export async function planNextRun(deps: { store: Store; config: KaikuConfig; secret: Secret }, now: Date): Promise<NextRun> {
  const { store, config } = deps;
  const planner = createDigestPlanner(deps);
  const composer = createDigestComposer(deps);
  const roster = await store.advocates.planRoster();
  const timeZones = [...new Set(roster.map((a) => a.time_zone))].sort();
  const zones = timeZones.map((timeZone) => ({ timeZone, at: nextDigestAt(now, timeZone, planner.moment) }));
  const due = new Set<string>();
  const dueGroups = new Set<string>();
  const held = new Map<string, HeldReason>();
  const localDates = new Map<string, string>();
  for (const zone of zones) {
    const plan = await planner.plan(zone.at, false, [zone.timeZone]);
    for (const id of plan.due) due.add(id);
    for (const group of plan.groups) dueGroups.add(`${group.time_zone}|${group.frequency}`);
    for (const [id, why] of plan.held) held.set(id, why);
    localDates.set(zone.timeZone, localDate(zone.at, zone.timeZone));
  }
  const chosen = new Map<string, { id: string; title: string }[]>();
  const selectable = roster.filter((a) => due.has(String(a.id)) && !held.has(String(a.id)));
  // One selection for the whole roster: the candidates are read once and advocates alike share one choice (the
  // store passes the ids as one array parameter, so no list is too long for it).
  const pick = await composer.chooser(selectable);
  for (const advocate of selectable)
    chosen.set(
      String(advocate.id),
      pick(advocate).map((item) => ({ id: item.id, title: item.title })),
    );
  const outcomes = roster.map((advocate) => {
    const id = String(advocate.id);
    const items = chosen.get(id) ?? [];
    const reason = noDigestReason(advocate, {
      localDate: localDates.get(advocate.time_zone)!,
      groupDue: dueGroups.has(`${advocate.time_zone}|${advocate.frequency}`),
      due: due.has(id),
      held: held.get(id),
      items: items.length,
    });
    return { advocate, items: reason ? [] : items, reason };
  });
  return { at: nextDigestAt(now, config.program.timeZone, planner.moment), zones, outcomes };
}
