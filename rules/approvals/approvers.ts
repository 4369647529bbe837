import type { AdminRoster } from '../../model/admin.js';
import type { Approver } from './decisions.js';

// Who may decide an item: the approvers its sources name and the approvers of its topics (every admin when there are
// none), and the backups once the approval was escalated. One rule for the approval workflow's plan and for the admin
// page's Decide. Analysts never decide.

/** Whom a composed item's approval must not ask: its author, unless approval.authorMayApprove lets them decide it. */
export function authorOf(item: { composed_by?: string | null }, config: { approval: { authorMayApprove: boolean } }): string | undefined {
  return item.composed_by && !config.approval.authorMayApprove ? item.composed_by : undefined;
}

/** The approvers a source's stored settings name (sources.settings holds the config entry). */
export function sourceApprovers(settings: unknown): string[] {
  return (settings as { settings?: { approvers?: string[] } } | null)?.settings?.approvers ?? [];
}

/**
 * The approvers and backup approvers of an item carried by sources naming `named` approvers and carrying `topics`.
 *
 * @example
 * approversOf(roster, ['ulla@vantaa.fi'], ['jobs'])   // { approvers: [Ulla, and every approver of jobs], backups: [...] }
 */
export function approversOf(
  roster: AdminRoster,
  named: Iterable<string>,
  topics: readonly string[] = [],
  notAsked?: string,
): { approvers: Approver[]; backups: Approver[] } {
  const all = roster.admins.filter((admin) => admin.role !== 'analyst');
  // A composed post's author, when their own approval does not suffice: unless no one else could decide it.
  const others = all.filter((admin) => admin.email !== notAsked);
  const deciders = others.length > 0 ? others : all;
  const byEmail = new Map(deciders.map((admin) => [admin.email, { email: admin.email, name: admin.name }]));
  const analysts = new Set(roster.admins.filter((admin) => admin.role === 'analyst').map((admin) => admin.email));
  const chosen = new Map<string, Approver>();
  for (const email of named)
    if (!analysts.has(email) && (email !== notAsked || deciders === all)) chosen.set(email, byEmail.get(email) ?? { email, name: email });
  for (const admin of deciders)
    if (admin.role === 'approver' && admin.topics.some((topic) => topics.includes(topic))) chosen.set(admin.email, byEmail.get(admin.email)!);
  const admins = deciders.filter((admin) => admin.role === 'admin').map((admin) => byEmail.get(admin.email)!);
  const approvers = chosen.size > 0 ? [...chosen.values()] : admins.length > 0 ? admins : [...byEmail.values()];
  const configured = roster.backups.flatMap((email) => byEmail.get(email) ?? []);
  const backups = configured.length > 0 ? configured : admins.filter((admin) => !approvers.some((a) => a.email === admin.email));
  return { approvers, backups };
}
