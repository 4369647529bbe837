import type { Context } from 'hono';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { CONSOLE_STRINGS, type ConsoleStrings } from './console-strings.js';

// Which language the console speaks to this request: the signed-in admin's own choice (POST /admin/language),
// else the first of Finnish, Swedish and English the browser's Accept-Language asks for, else English. Not the
// programme's defaultLanguage: that is the advocates' digests' language, and a Finnish programme may have
// communicators who read the console in Swedish or English.

export const CONSOLE_LANGUAGES: readonly ConsoleLanguage[] = ['fi', 'sv', 'en'];

export function isConsoleLanguage(value: unknown): value is ConsoleLanguage {
  return typeof value === 'string' && (CONSOLE_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The console language an Accept-Language header prefers most, or undefined when it names none of them.
 *
 * @example
 * acceptedLanguage('sv-FI,sv;q=0.9,en;q=0.8')   // 'sv'
 * acceptedLanguage('de-DE,de;q=0.9')             // undefined
 */
export function acceptedLanguage(header: string | undefined): ConsoleLanguage | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 50)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((value) => value !== undefined);
      return { language: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry): entry is { language: ConsoleLanguage; q: number; index: number } => isConsoleLanguage(entry.language) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.language;
}

/** The language for an admin who chose `stored` (or never chose) and whose browser sends `acceptLanguage`. */
export function chooseConsoleLanguage(stored: ConsoleLanguage | undefined, acceptLanguage: string | undefined): ConsoleLanguage {
  return stored ?? acceptedLanguage(acceptLanguage) ?? 'en';
}

// The language the admin routes settled for a request once its session was read (see server/routes/admin.ts).
const settled = new WeakMap<Context, ConsoleLanguage>();

/** Records the language of this request, for every page and form drawn for it. */
export function settleConsoleLanguage(c: Context, language: ConsoleLanguage): void {
  settled.set(c, language);
}

/** The language settled for this request's signed-in admin, or undefined when no admin's session was read. */
export function settledConsoleLanguage(c: Context): ConsoleLanguage | undefined {
  return settled.get(c);
}

/**
 * A language code's name in the console's `language` (suomi, finska, Finnish); the code itself for one it has no name for.
 * @example
 * languageNameIn('sv')('fi') // 'finska'
 */
export function languageNameIn(language: ConsoleLanguage): (code: string) => string {
  const names = CONSOLE_STRINGS[language].urgent.languageNames;
  return (code) => names[code] ?? code;
}

/** The language of this request: the one settled for the signed-in admin, or the browser's before sign-in. */
export function consoleLanguage(c: Context): ConsoleLanguage {
  return settled.get(c) ?? chooseConsoleLanguage(undefined, c.req.header('accept-language'));
}

/**
 * The console's words for this request.
 *
 * @example
 * const t = consoleText(c);
 * html`<button class="approve">${t.decision.approve}</button>`   // Hyväksy, Godkänn or Approve
 */
export function consoleText(c: Context): ConsoleStrings {
  return CONSOLE_STRINGS[consoleLanguage(c)];
}
