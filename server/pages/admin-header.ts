import type { Context } from 'hono';
import { html } from 'hono/html';
import type { KaikuConfig } from '../../config/schema.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { formField } from '../form-guard.js';
import type { AdminSession } from '../session.js';
import type { HealthChecks } from '../health-checks.js';
import { healthBanner } from './health-banner.js';
import { mayOpen } from '../admin-access.js';
import { CONSOLE_LANGUAGES, consoleLanguage } from '../console/console-language.js';
import { CONSOLE_STRINGS, LANGUAGE_NAMES } from '../console/console-strings.js';

export type AdminPage =
  'items' | 'compose' | 'sources' | 'advocates' | 'captions' | 'this-week' | 'digests' | 'leaderboards' | 'analytics' | 'people' | 'sessions';

const PAGES: [AdminPage, string][] = [
  ['items', '/admin'],
  ['compose', '/admin/compose'],
  ['sources', '/admin/sources'],
  ['advocates', '/admin/advocates'],
  ['captions', '/admin/captions'],
  ['this-week', '/admin/this-week'],
  ['digests', '/admin/digests'],
  ['leaderboards', '/admin/leaderboards'],
  ['analytics', '/admin/analytics'],
  ['people', '/admin/people'],
  ['sessions', '/admin/sessions'],
];

/**
 * The one header of every signed-in admin page: the programme, the pages the admin's role opens, who is signed in,
 * sign-out, the language picker, and a banner while a dependency is down. All in the admin's language, marked with
 * its `lang`, so a page not translated yet (its <html lang="en">) still has a header a screen reader reads right.
 */
export function adminHeader(
  c: Context<{ Variables: { admin: AdminSession } }>,
  deps: { config: KaikuConfig; secret: Secret; health?: HealthChecks | undefined },
  current: AdminPage | undefined,
) {
  const admin = c.get('admin');
  const language = consoleLanguage(c);
  const t = CONSOLE_STRINGS[language].header;
  // Back to this page after choosing; a form's answer page has no address of its own to go back to.
  const back = c.req.method === 'GET' ? `${c.req.path}${new URL(c.req.url).search}` : '/admin';
  return html`<header lang="${language}">
      <span class="brand">kaiku</span><span class="program">${deps.config.program.name}</span>
      <nav class="top" aria-label="${t.pagesLabel}">
        ${PAGES.filter(([, href]) => mayOpen(admin.role, 'GET', href.replace(/^\/admin/, '') || '/')).map(([page, href]) => html`<a href="${href}" ${page === current ? html`aria-current="page"` : ''}>${t.pages[page]}</a>`)}
      </nav>
      <form class="inline" method="post" action="/admin/logout">
        ${formField(c, deps, '/admin/logout', admin.id)}<span>${admin.name}</span> <button type="submit">${t.signOut}</button>
      </form>
      <form class="inline language" method="post" action="/admin/language">
        ${formField(c, deps, '/admin/language', admin.id)}
        <input type="hidden" name="back" value="${back}" />
        <label for="console-language">${t.language}</label>
        <select id="console-language" name="language">
          ${CONSOLE_LANGUAGES.map((code) => html`<option value="${code}" lang="${code}" ${code === language ? 'selected' : ''}>${LANGUAGE_NAMES[code]}</option>`)}
        </select>
        <button type="submit">${t.changeLanguage}</button>
      </form>
    </header>
    ${healthBanner(deps.health?.latest(), language)}`;
}
