import type { Context } from 'hono';
import { html } from 'hono/html';
import type { KaikuConfig } from '../../config/schema.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { formField } from '../form-guard.js';
import type { AdminSession } from '../session.js';
import type { HealthChecks } from '../health-checks.js';
import { healthBanner } from './health-banner.js';
import { mayOpen } from '../admin-access.js';

export type AdminPage =
  'items' | 'compose' | 'sources' | 'advocates' | 'captions' | 'this-week' | 'digests' | 'leaderboards' | 'analytics' | 'people' | 'sessions';

const PAGES: [AdminPage, string, string][] = [
  ['items', '/admin', 'Items'],
  ['compose', '/admin/compose', 'Compose'],
  ['sources', '/admin/sources', 'Sources'],
  ['advocates', '/admin/advocates', 'Advocates'],
  ['captions', '/admin/captions', 'Captions'],
  ['this-week', '/admin/this-week', 'This week'],
  ['digests', '/admin/digests', 'Digests'],
  ['leaderboards', '/admin/leaderboards', 'Leaderboards'],
  ['analytics', '/admin/analytics', 'Analytics'],
  ['people', '/admin/people', 'Admins'],
  ['sessions', '/admin/sessions', 'Sessions'],
];

/** The one header of every signed-in admin page: the programme, the pages the admin's role opens, who is signed in, sign-out, and a banner while a dependency is down. */
export function adminHeader(
  c: Context<{ Variables: { admin: AdminSession } }>,
  deps: { config: KaikuConfig; secret: Secret; health?: HealthChecks | undefined },
  current: AdminPage | undefined,
) {
  const admin = c.get('admin');
  return html`<header>
      <span class="brand">kaiku</span><span class="program">${deps.config.program.name}</span>
      <nav class="top" aria-label="Admin pages">
        ${PAGES.filter(([, href]) => mayOpen(admin.role, 'GET', href.replace(/^\/admin/, '') || '/')).map(([page, href, label]) => html`<a href="${href}" ${page === current ? html`aria-current="page"` : ''}>${label}</a>`)}
      </nav>
      <form class="inline" method="post" action="/admin/logout">
        ${formField(c, deps, '/admin/logout', admin.id)}<span>${admin.name}</span> <button type="submit">Sign out</button>
      </form>
    </header>
    ${healthBanner(deps.health?.latest())}`;
}
