import type { Kysely } from 'kysely';
import type { AdminLanguagesTable, Database } from '../schema.js';

// The console language each admin chose (issue 17, migration 0024). Changed only through
// server/console/audited-change.ts, so each choice has its row in the audit trail.

/** A language the console speaks. */
export type ConsoleLanguage = AdminLanguagesTable['language'];

export function adminLanguageQueries(db: Kysely<Database>) {
  return {
    /**
     * The language `email` chose, or undefined when they never chose one.
     *
     * @example
     * await store.adminLanguages.of('ulla@vantaa.fi')   // 'fi'
     */
    async of(email: string): Promise<ConsoleLanguage | undefined> {
      const row = await db.selectFrom('admin_languages').select('language').where('email', '=', email).executeTakeFirst();
      return row?.language;
    },

    /** Records `email`'s choice (replacing an earlier one); returns the one it replaced. */
    async choose(email: string, language: ConsoleLanguage): Promise<ConsoleLanguage | undefined> {
      const before = await db.selectFrom('admin_languages').select('language').where('email', '=', email).forUpdate().executeTakeFirst();
      await db
        .insertInto('admin_languages')
        .values({ email, language })
        .onConflict((oc) => oc.column('email').doUpdateSet({ language, updated_at: new Date() }))
        .execute();
      return before?.language;
    },

    /** Forgets `email`'s choice: an admin removed in the console keeps no row here. */
    async forget(email: string): Promise<void> {
      await db.deleteFrom('admin_languages').where('email', '=', email).execute();
    },
  };
}
