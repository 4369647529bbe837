import type { Kysely } from 'kysely';
import type { KaikuConfig } from '../../config/schema.js';
import type { AdminEntry, AdminRoster } from '../../model/admin.js';
import type { ConsoleAdminRow, Database } from '../schema.js';

// The admins in effect: kaiku.yaml's, then the console's (a console row whose address kaiku.yaml names as well is
// kaiku.yaml's). Read on every use, so a change in the console holds at once in every server and worker.

/** A console admin's fields, as the form gives them. */
export interface ConsoleAdminInput {
  email: string;
  name: string;
  role: AdminEntry['role'];
  topics: string[];
  backup: boolean;
  approvalMail: AdminEntry['approvalMail'];
  slackUserId: string | null;
}

export function entryOfRow(row: ConsoleAdminRow): AdminEntry {
  return {
    name: row.name,
    email: row.email,
    role: row.role,
    topics: row.topics,
    approvalMail: row.approval_mail,
    ...(row.slack_user_id ? { slackUserId: row.slack_user_id } : {}),
    origin: 'console',
  };
}

export function adminQueries(db: Kysely<Database>) {
  const rows = () => db.selectFrom('console_admins').selectAll().orderBy('name').orderBy('email').execute();
  async function inEffect(config: Pick<KaikuConfig, 'admins' | 'approval'>): Promise<AdminRoster> {
    const configured = new Set(config.admins.map((admin) => admin.email));
    const added = (await rows()).filter((row) => !configured.has(row.email));
    return {
      admins: [...config.admins.map((admin) => ({ ...admin, origin: 'config' as const })), ...added.map(entryOfRow)],
      backups: [...config.approval.backupApprovers, ...added.filter((row) => row.backup).map((row) => row.email)],
    };
  }
  return {
    /**
     * kaiku.yaml's admins and the console's, and the backup approvers of both.
     *
     * @example
     * const { admins } = await store.admins.inEffect(config);
     * admins.map((a) => `${a.email} ${a.role} (${a.origin})`)   // ['ulla@vantaa.fi admin (config)', 'pia@vantaa.fi approver (console)']
     */
    inEffect,

    /** Each admin's name by address, for pages and trails that name who did what. */
    async names(config: Pick<KaikuConfig, 'admins' | 'approval'>): Promise<Map<string, string>> {
      return new Map((await inEffect(config)).admins.map((admin) => [admin.email, admin.name]));
    },

    /** The console's own rows (kaiku.yaml's admins are not rows). */
    list: rows,

    get(email: string): Promise<ConsoleAdminRow | undefined> {
      return db.selectFrom('console_admins').selectAll().where('email', '=', email).executeTakeFirst();
    },

    /** Adds one; undefined when the address is the console's already. */
    add(input: ConsoleAdminInput): Promise<ConsoleAdminRow | undefined> {
      return db
        .insertInto('console_admins')
        .values({ ...columnsOf(input), email: input.email })
        .onConflict((oc) => oc.column('email').doNothing())
        .returningAll()
        .executeTakeFirst();
    },

    update(email: string, input: Omit<ConsoleAdminInput, 'email'>): Promise<ConsoleAdminRow | undefined> {
      return db
        .updateTable('console_admins')
        .set({ ...columnsOf(input), updated_at: new Date() })
        .where('email', '=', email)
        .returningAll()
        .executeTakeFirst();
    },

    remove(email: string): Promise<ConsoleAdminRow | undefined> {
      return db.deleteFrom('console_admins').where('email', '=', email).returningAll().executeTakeFirst();
    },
  };
}

function columnsOf(input: Omit<ConsoleAdminInput, 'email'>) {
  return {
    name: input.name,
    role: input.role,
    topics: JSON.stringify(input.topics),
    backup: input.backup,
    approval_mail: input.approvalMail,
    slack_user_id: input.slackUserId,
  };
}
