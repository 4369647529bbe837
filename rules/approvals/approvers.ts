import type { KaikuConfig } from '../../config/schema.js';
import type { Approver } from './decisions.js';

// Who may decide an item: the approvers its sources name (every admin when none names any), and the backups once the
// approval was escalated. One rule for the approval workflow's plan and for the admin page's Decide.

/** The approvers a source's stored settings name (sources.settings holds the config entry). */
export function sourceApprovers(settings: unknown): string[] {
  return (settings as { settings?: { approvers?: string[] } } | null)?.settings?.approvers ?? [];
}

/** The approvers and backup approvers of an item carried by sources naming `named` approvers. */
export function approversOf(config: Pick<KaikuConfig, 'admins' | 'approval'>, named: Iterable<string>): { approvers: Approver[]; backups: Approver[] } {
  const admins = new Map(config.admins.map((admin) => [admin.email, { email: admin.email, name: admin.name }]));
  const unique = new Set(named);
  const approvers = unique.size > 0 ? [...unique].map((email) => admins.get(email) ?? { email, name: email }) : [...admins.values()];
  const configured = config.approval.backupApprovers.map((email) => admins.get(email)!);
  const backups = configured.length > 0 ? configured : [...admins.values()].filter((admin) => !approvers.some((a) => a.email === admin.email));
  return { approvers, backups };
}
