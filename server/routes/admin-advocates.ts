import { html } from 'hono/html';
import type { Hono } from 'hono';
import type { KaikuConfig } from '../../config/schema.js';
import { NETWORK_NAMES } from '../../rules/captions/caption-limits.js';
import type { AdvocateRow } from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import { createDigestComposer } from '../../activities/digest-composer.js';
import type { Secret } from '../../rules/tokens/secret.js';
import type { AdminSession } from '../session.js';
import { layout, timeAgo } from '../pages/layout.js';
import { adminHeader } from '../pages/admin-header.js';

// The roster on the admin page, filtered by branch and topic, and each advocate's next digest as they would see it.

export function addAdvocatePages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: { store: Store; config: KaikuConfig; secret: Secret }) {
  const composer = createDigestComposer(deps);

  app.get('/advocates', async (c) => {
    const branch = c.req.query('branch') || undefined;
    const topic = c.req.query('topic') || undefined;
    const [advocates, facets, total] = await Promise.all([
      deps.store.advocates.list({ branch, topic, limit: 1000 }),
      deps.store.advocates.facets(),
      deps.store.advocates.count(),
    ]);
    return c.html(
      layout(
        'Advocates',
        html`${adminHeader(c, deps, 'advocates')}
          <main>
            <h2>Advocates (${advocates.length} of ${total})</h2>
            <form method="get" class="inline">
              ${filterSelect('Branch', 'branch', facets.branches, branch)} ${filterSelect('Topic', 'topic', facets.topics, topic)}
              <button type="submit">Filter</button>
            </form>
            ${
              advocates.length === 0
                ? html`<div class="empty">
                    No advocates${branch || topic ? ' match' : html` yet: import a roster with <code>kaiku advocates import roster.csv</code>`}.
                  </div>`
                : html`<table class="sources">
                    <thead>
                      <tr>
                        <th>Name</th>
                        <th>Branch</th>
                        <th>Topics</th>
                        <th>Networks</th>
                        <th>Language · zone</th>
                        <th>Mail</th>
                        <th>Last digest</th>
                        <th></th>
                      </tr>
                    </thead>
                    <tbody>
                      ${advocates.map((a) => row(a))}
                    </tbody>
                  </table>`
            }
          </main>`,
      ),
    );
  });

  // The digest's own HTML, in a frame of its own: a mail's inline styles need a CSP of their own (a srcdoc frame
  // would inherit the console's style-src 'self'), sandboxed so it runs nothing and reaches nothing of kaiku's.
  app.get('/advocates/:id/preview.html', async (c) => {
    const advocate = /^\d+$/.test(c.req.param('id')) ? await deps.store.advocates.get(c.req.param('id')) : undefined;
    const preview = advocate ? await composer.preview(advocate) : undefined;
    if (!preview?.mail) return c.text('No digest to preview', 404);
    c.header('content-security-policy', "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'; frame-ancestors 'self'");
    return c.html(preview.mail.html);
  });

  app.get('/advocates/:id/preview', async (c) => {
    const advocate = /^\d+$/.test(c.req.param('id')) ? await deps.store.advocates.get(c.req.param('id')) : undefined;
    if (!advocate) return c.html(layout('Not found', html`<main><div class="notice bad">There is no such advocate.</div></main>`), 404);
    const preview = await composer.preview(advocate);
    return c.html(
      layout(
        `Next digest of ${advocate.name}`,
        html`${adminHeader(c, deps, 'advocates')}
          <main>
            ${
              preview.mail
                ? html`<p><strong>${preview.mail.subject}</strong> · ${preview.items.length} items · not sent</p>
                    <iframe sandbox class="preview" title="digest" src="/admin/advocates/${advocate.id}/preview.html"></iframe>`
                : html`<div class="empty">No approved item fits ${advocate.name} now: they would get no email.</div>`
            }
          </main>`,
      ),
    );
  });
}

function filterSelect(label: string, name: string, options: readonly string[], current: string | undefined) {
  return html`<label
    >${label}
    <select name="${name}">
      <option value="">all</option>
      ${options.map((option) => html`<option ${option === current ? 'selected' : ''}>${option}</option>`)}
    </select></label
  >`;
}

function row(a: AdvocateRow) {
  const state = a.unsubscribed_at ? 'unsubscribed' : a.mail_state === 'ok' ? 'ok' : `${a.mail_state} (${a.bounces} bounces)`;
  return html`<tr>
    <td>${a.name}<br /><small>${a.email}</small></td>
    <td>${a.branch ?? ''}</td>
    <td>${a.topics.join(', ') || 'all'}</td>
    <td>${a.networks.map((n) => NETWORK_NAMES[n]).join(', ')}</td>
    <td>${a.language} · ${a.time_zone}</td>
    <td>${state}${a.paused_until ? html`<br /><small>paused until ${a.paused_until}</small>` : ''}</td>
    <td>${a.last_digest_at ? timeAgo(a.last_digest_at) : 'never'}</td>
    <td><a href="/admin/advocates/${a.id}/preview">Preview digest</a></td>
  </tr>`;
}
