import { programNameIn } from '../../config/program-name.js';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import type { AdvocateRow } from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import { PRIVACY_PURPOSE, preferencesUrl } from '../../rules/digests/links.js';
import { privacyStringsFor } from '../../rules/privacy/privacy-strings.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { verifyToken, type SignedPayload } from '../../rules/tokens/signed-token.js';
import { checkForm, formField, refuseForm } from '../form-guard.js';
import { simplePage } from '../pages/layout.js';

// /privacy/<token>: "What kaiku records about you", an advocate's own page reached from every digest's footer and
// the preferences page, in their language. Its token (purpose `privacy`) names one advocate and serves only here:
//   GET  /privacy/<token>            what is recorded, why, for how long, who sees it
//   GET  /privacy/<token>/data.json  "Download my data": store.privacy.exportData, as an attachment
//   POST /privacy/<token>/erase      "Ask to erase my data": erased at once, or a request an admin confirms
//                                    (privacy.erasure), from kaiku's own page only (server/form-guard.ts)

export interface PrivacyDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  log: Logger;
}

export function privacyRoutes(deps: PrivacyDeps) {
  const app = new Hono();

  async function advocateFor(token: string): Promise<AdvocateRow | undefined> {
    const read = verifyToken<SignedPayload & { a: string }>(deps.secret, PRIVACY_PURPOSE, token);
    if (!read.ok || typeof read.payload.a !== 'string') return undefined;
    return deps.store.advocates.get(read.payload.a);
  }
  const forbidden = (c: Context) =>
    c.html(
      simplePage(
        'Link not valid',
        html`<div class="notice bad">
          This link is not valid: it was altered, belongs to something else, or has expired. Use the link in your latest digest.
        </div>`,
      ),
      403,
    );

  app.get('/privacy/:token', async (c) => {
    const advocate = await advocateFor(c.req.param('token'));
    if (!advocate) return forbidden(c);
    return c.html(await privacyPage(c, advocate));
  });

  app.get('/privacy/:token/data.json', async (c) => {
    const advocate = await advocateFor(c.req.param('token'));
    if (!advocate) return forbidden(c);
    const data = await deps.store.privacy.exportData(advocate.id);
    deps.log.info({ advocateId: advocate.id }, 'advocate downloaded their data');
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="kaiku-my-data-${String(advocate.id)}.json"`,
        'cache-control': 'no-store',
      },
    });
  });

  app.post('/privacy/:token/erase', async (c) => {
    const token = c.req.param('token');
    const advocate = await advocateFor(token);
    if (!advocate) return forbidden(c);
    const guard = checkForm(c, deps, await c.req.parseBody(), token);
    if (!guard.ok) return refuseForm(c, guard);
    const t = privacyStringsFor(advocate.language);
    if (advocate.erased_at) return c.html(simplePage(t.title, html`<div class="notice ok" role="status">${t.erased}</div>`));
    if (deps.config.privacy.erasure === 'immediate') {
      await deps.store.transaction((s) => s.privacy.erase(advocate.id, 'advocate'));
      deps.log.info({ advocateId: advocate.id }, 'advocate erased their data');
      return c.html(simplePage(t.title, html`<div class="notice ok" role="status">${t.erased}</div>`));
    }
    const state = await deps.store.privacy.requestErasure(advocate.id);
    deps.log.info({ advocateId: advocate.id, state }, 'advocate asked for erasure; an admin confirms it');
    return c.html(await privacyPage(c, (await deps.store.advocates.get(advocate.id))!, t.requested));
  });

  async function privacyPage(c: Context, advocate: AdvocateRow, notice?: string) {
    const t = privacyStringsFor(advocate.language);
    const token = c.req.param('token')!;
    if (advocate.erased_at) return simplePage(t.title, html`<div class="notice ok" role="status">${t.erased}</div>`);
    const request = deps.config.privacy.erasure === 'admin-confirms' ? await deps.store.privacy.erasureRequest(advocate.id) : undefined;
    const pending = request?.state === 'requested';
    const declined = request?.state === 'declined' ? request.decline_reason : undefined;
    const action = `/privacy/${token}/erase`;
    return simplePage(
      t.title,
      html`<div lang="${advocate.language}">
        ${notice ? html`<div class="notice ok" role="status">${notice}</div>` : ''}
        <p>${t.intro(programNameIn(deps.config.program, advocate.language))}</p>
        <p>${advocate.name} · ${advocate.email}</p>
        <h2>${t.recordedTitle}</h2>
        <ul>
          ${t.recorded.map((line) => html`<li>${line}</li>`)}
        </ul>
        <p>${t.notRecorded}</p>
        <h2>${t.whyTitle}</h2>
        <p>${t.why}</p>
        <h2>${t.howLongTitle}</h2>
        <p>${t.howLong(deps.config.privacy.retention.linkEventMonths)}</p>
        <h2>${t.whoTitle}</h2>
        <p>${t.who}</p>
        <h2>${t.yourDataTitle}</h2>
        <p><a href="/privacy/${token}/data.json" download>${t.download}</a></p>
        <h2>${t.eraseTitle}</h2>
        <p>${t.eraseExplain(deps.config.privacy.erasure === 'immediate')}</p>
        ${declined ? html`<div class="notice bad" role="status" id="erasure-declined">${t.declined(declined)}</div>` : ''}
        ${
          pending
            ? html`<div class="notice" role="status">${t.alreadyRequested}</div>`
            : html`<form method="post" action="${action}">${formField(c, deps, action, token)}<button type="submit">${t.eraseButton}</button></form>`
        }
        <p><a href="${new URL(preferencesUrl(deps.config, deps.secret, advocate.id)).pathname}">${t.preferencesLink}</a></p>
      </div>`,
    );
  }

  return app;
}
