import type { Hono } from 'hono';
import { html } from 'hono/html';
import type { Logger } from 'pino';
import type { Store } from '../../db/store.js';
import type { KaikuConfig } from '../../config/schema.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { postedConsoleForm } from '../form-guard.js';
import { auditedChange } from '../console/audited-change.js';
import { consoleLanguage, consoleText, isConsoleLanguage, settleConsoleLanguage } from '../console/console-language.js';
import { simplePage } from '../pages/layout.js';
import type { AdminSession } from '../session.js';

// The header's language picker (issue 17): the signed-in admin's own choice of Finnish, Swedish or English, kept
// by address so it holds in every browser and after the next sign-in, and written to the audit trail like any change.

/**
 * Where the picker may send the browser back to: a path of the console on this site (`/admin` or under it), or
 * `/admin` for anything else (another site, `//host`, a path outside the console): never an open redirect.
 *
 * @example
 * consoleBack('/admin/items/42?done=pinned')   // '/admin/items/42?done=pinned'
 * consoleBack('https://evil.example/admin')    // '/admin'
 */
export function consoleBack(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2000) return '/admin';
  let url: URL;
  try {
    url = new URL(value, 'http://kaiku.invalid');
  } catch {
    return '/admin';
  }
  // The origin check catches `//other.example/…` and `/\other.example`, which browsers read as another host.
  if (url.origin !== 'http://kaiku.invalid' || /[\\\u0000-\u001f]/.test(value)) return '/admin';
  if (url.pathname !== '/admin' && !url.pathname.startsWith('/admin/')) return '/admin';
  return `${url.pathname}${url.search}`;
}

export function addLanguageChoice(app: Hono<{ Variables: { admin: AdminSession } }>, deps: { store: Store; config: KaikuConfig; secret: Secret; log: Logger }) {
  const log = deps.log.child({ component: 'admin' });

  /**
   * `POST /admin/language` (language=fi|sv|en, back=/admin/…): the signed-in admin's console language, from the
   * header's picker (with its form token); answered with a redirect to `back`, now in that language.
   *
   * @example
   * // <form method="post" action="/admin/language">_csrf=…&language=sv&back=/admin/items/42</form>
   * // → 303 Location: /admin/items/42, which reads "Godkänn" and "Avvisa"; the trail: "chose a language", language: fi → sv
   */
  app.post('/language', async (c) => {
    const body = await postedConsoleForm(c, deps, log);
    if (body instanceof Response) return body;
    const language = body.language;
    if (!isConsoleLanguage(language)) {
      const t = consoleText(c);
      return c.html(simplePage(t.header.language, html`<div class="notice bad" role="alert">${t.language.unknown}</div>`, consoleLanguage(c)), 400);
    }
    const admin = c.get('admin');
    if ((await deps.store.adminLanguages.of(admin.email)) !== language)
      await auditedChange(deps.store, { actor: admin.email, entity: 'admin', entityId: admin.email, action: 'chose a language' }, async (tx) => {
        const before = await tx.adminLanguages.choose(admin.email, language);
        return { before: before ? { language: before } : null, after: { language }, value: undefined };
      });
    settleConsoleLanguage(c, language);
    log.info({ admin: admin.email, language }, 'admin chose a console language');
    return c.redirect(consoleBack(body.back), 303);
  });
}
