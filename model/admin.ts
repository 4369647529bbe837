// Who runs the programme, as kaiku.yaml and the console's "Admins and approvers" page speak of them.

/**
 * What a person signed in to the console may do: `admin` everything; `approver` decide the items of their sources or
 * topics (and read the items, leaderboards and analytics); `analyst` read the analytics and leaderboards.
 */
export const ADMIN_ROLES = ['admin', 'approver', 'analyst'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** One admin in effect: kaiku.yaml's (`origin: 'config'`, read-only in the console) or the console's. */
export interface AdminEntry {
  name: string;
  email: string;
  role: AdminRole;
  /** An approver's topics: they decide items carrying any of them, whichever source brought them. */
  topics: string[];
  approvalMail: 'each' | 'daily';
  slackUserId?: string | undefined;
  entraObjectId?: string | undefined;
  oidcId?: string | undefined;
  origin: 'config' | 'console';
}

/** The admins in effect and the backup approvers asked once an approval is escalated (addresses; empty: every other admin). */
export interface AdminRoster {
  admins: AdminEntry[];
  backups: string[];
}
