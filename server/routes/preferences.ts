import { programNameIn } from '../../config/program-name.js';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { Logger } from 'pino';
import { z } from 'zod';
import { LANGUAGES } from '../../model/advocate.js';
import { NETWORK_NAMES, NETWORKS } from '../../rules/captions/caption-limits.js';
import type { ConfiguredSource, KaikuConfig } from '../../config/schema.js';
import type { AdvocateRow } from '../../db/schema.js';
import type { Network } from '../../model/item.js';
import type { Store } from '../../db/store.js';
import { PREFERENCES_PURPOSE, UNSUBSCRIBE_PURPOSE, privacyUrl } from '../../rules/digests/links.js';
import { privacyStringsFor } from '../../rules/privacy/privacy-strings.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { verifyToken, type SignedPayload } from '../../rules/tokens/signed-token.js';
import { checkForm, formField, refuseForm } from '../form-guard.js';
import { simplePage } from '../pages/layout.js';
import { pageStringsFor } from '../../rules/digests/page-strings.js';
import { engagementStringsFor } from '../../rules/engagement/engagement-strings.js';

// /p/<token>: an advocate's own preferences, reached from any digest without a login. The token names one
// advocate and is signed for this purpose only: nothing of anyone else is reachable from it.
// /u/<token>: one-click unsubscribe (RFC 8058). GET only asks; POST unsubscribes at once, idempotently,
// from the footer's button or from a mail provider's List-Unsubscribe-Post request.

export interface PreferencesDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  log: Logger;
}

const LANGUAGE_NAMES: Record<string, string> = { fi: 'suomi', sv: 'svenska', en: 'English', da: 'dansk' };

const formSchema = z.object({
  topics: z.array(z.string().min(1).max(60)).max(50),
  networks: z.array(z.enum(NETWORKS as [Network, ...Network[]], { error: 'unknown network' })).min(1, 'choose at least one network you post on'),
  language: z.enum(LANGUAGES, { error: `choose one of ${LANGUAGES.join(', ')}` }),
  frequency: z.enum(['weekly', 'fortnightly', 'paused'], { error: 'choose weekly, every two weeks or paused' }),
  pausedUntil: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'give the date to pause until as YYYY-MM-DD')
    .optional(),
  mastodonInstance: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'a Mastodon server is a host name such as mastodon.social')
    .optional(),
});

export function preferencesRoutes(deps: PreferencesDeps) {
  const app = new Hono();

  async function advocateFor(token: string, purpose: string): Promise<AdvocateRow | undefined> {
    const read = verifyToken<SignedPayload & { a: string }>(deps.secret, purpose, token);
    if (!read.ok || typeof read.payload.a !== 'string') return undefined;
    return deps.store.advocates.get(read.payload.a);
  }
  const forbidden = () =>
    simplePage(
      'Link not valid',
      html`<div class="notice bad">
        This link is not valid: it was altered, belongs to something else, or has expired. Use the link in your latest digest.
      </div>`,
    );

  app.get('/p/:token', async (c) => {
    const advocate = await advocateFor(c.req.param('token'), PREFERENCES_PURPOSE);
    if (!advocate) return c.html(forbidden(), 403);
    return c.html(preferencesPage(deps.config, await deps.store.sources.inEffect(deps.config.sources), advocate, pageForm(c, '/p'), privacyPath(advocate)));
  });

  app.post('/p/:token', async (c) => {
    const advocate = await advocateFor(c.req.param('token'), PREFERENCES_PURPOSE);
    if (!advocate) return c.html(forbidden(), 403);
    const body = await c.req.parseBody({ all: true });
    const guard = checkForm(c, deps, body, c.req.param('token'));
    if (!guard.ok) return refuseForm(c, guard);
    const asList = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);
    const parsed = formSchema.safeParse({
      topics: asList(body.topics),
      networks: asList(body.networks),
      language: body.language,
      frequency: body.frequency,
      pausedUntil: body.frequency === 'paused' ? String(body.pausedUntil ?? '') : undefined,
      mastodonInstance: body.mastodonInstance ? String(body.mastodonInstance) : undefined,
    });
    if (!parsed.success) {
      const problem = parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`).join('; ');
      return c.html(
        preferencesPage(deps.config, await deps.store.sources.inEffect(deps.config.sources), advocate, pageForm(c, '/p'), privacyPath(advocate), {
          bad: `${pageStringsFor(advocate.language).nothingSaved} ${problem}.`,
        }),
        400,
      );
    }
    const form = parsed.data;
    await deps.store.advocates.updatePreferences(advocate.id, {
      topics: form.topics.map((t) => t.toLowerCase()),
      networks: form.networks,
      language: form.language,
      frequency: form.frequency === 'paused' ? advocate.frequency : form.frequency,
      pausedUntil: form.frequency === 'paused' ? form.pausedUntil! : null,
      mastodonInstance: form.mastodonInstance ?? null,
      showName: body.showName === 'yes',
    });
    deps.log.info({ advocateId: advocate.id }, 'advocate preferences saved');
    const saved = (await deps.store.advocates.get(advocate.id))!;
    return c.html(
      preferencesPage(deps.config, await deps.store.sources.inEffect(deps.config.sources), saved, pageForm(c, '/p'), privacyPath(saved), {
        ok: pageStringsFor(saved.language).saved,
      }),
    );
  });

  app.get('/u/:token', async (c) => {
    const advocate = await advocateFor(c.req.param('token'), UNSUBSCRIBE_PURPOSE);
    if (!advocate) return c.html(forbidden(), 403);
    if (advocate.unsubscribed_at) return c.html(unsubscribedPage(deps.config, advocate, pageForm(c, '/u', '/resubscribe')));
    const t = pageStringsFor(advocate.language);
    const form = pageForm(c, '/u');
    return c.html(
      simplePage(
        t.unsubscribe,
        html`<p>${t.stopQuestion(programNameIn(deps.config.program, advocate.language), advocate.email)}</p>
          <form method="post" action="${form.action}">${form.field}<button type="submit">${t.unsubscribe}</button></form>`,
      ),
    );
  });

  // Two senders: the footer's button (a browser: the form's checks) and RFC 8058's one-click POST, which a mail
  // provider sends from its servers with no browser headers and no cookie; the token in the URL is its proof.
  app.post('/u/:token', async (c) => {
    const advocate = await advocateFor(c.req.param('token'), UNSUBSCRIBE_PURPOSE);
    if (!advocate) return c.html(forbidden(), 403);
    const body = await c.req.parseBody();
    const oneClick = body['List-Unsubscribe'] === 'One-Click' && !c.req.header('sec-fetch-site') && !c.req.header('origin');
    if (!oneClick) {
      const guard = checkForm(c, deps, body, c.req.param('token'));
      if (!guard.ok) return refuseForm(c, guard);
    }
    const after = await deps.store.advocates.unsubscribe(advocate.id);
    if (!advocate.unsubscribed_at) deps.log.info({ advocateId: advocate.id, oneClick }, 'advocate unsubscribed');
    return c.html(unsubscribedPage(deps.config, after!, pageForm(c, '/u', '/resubscribe')));
  });

  app.post('/u/:token/resubscribe', async (c) => {
    const advocate = await advocateFor(c.req.param('token'), UNSUBSCRIBE_PURPOSE);
    if (!advocate) return c.html(forbidden(), 403);
    const guard = checkForm(c, deps, await c.req.parseBody(), c.req.param('token'));
    if (!guard.ok) return refuseForm(c, guard);
    await deps.store.advocates.resubscribe(advocate.id);
    const t = pageStringsFor(advocate.language);
    return c.html(simplePage(t.title, html`<div class="notice ok">${t.welcomeBack}</div>`));
  });

  /** The advocate's privacy page, as a path on this server. */
  const privacyPath = (advocate: AdvocateRow) => new URL(privacyUrl(deps.config, deps.secret, advocate.id)).pathname;

  /** A page's form: its action (`prefix`/<token>`suffix`) and hidden token, bound to the page's own token. */
  function pageForm(c: Context, prefix: string, suffix = ''): PageForm {
    const action = `${prefix}/${c.req.param('token')}${suffix}`;
    return { action, field: formField(c, deps, action, c.req.param('token')!) };
  }

  return app;
}

interface PageForm {
  action: string;
  field: unknown;
}

function unsubscribedPage(config: KaikuConfig, advocate: AdvocateRow, form: PageForm) {
  const t = pageStringsFor(advocate.language);
  return simplePage(
    t.unsubscribe,
    html`<div class="notice ok">${t.noMore(advocate.email, programNameIn(config.program, advocate.language))}</div>
      <p>${t.changedMind}</p>
      <form method="post" action="${form.action}">${form.field}<button type="submit">${t.subscribeAgain}</button></form>`,
  );
}

function preferencesPage(
  config: KaikuConfig,
  /** kaiku.yaml's sources and the console's (`store.sources.inEffect`): their topics are offered. */
  sources: readonly ConfiguredSource[],
  advocate: AdvocateRow,
  form: PageForm,
  privacyPath: string,
  notice?: { ok?: string; bad?: string },
) {
  const offered = [...new Set([...sources.flatMap((s) => s.settings.topics), ...advocate.topics])].sort();
  const paused = advocate.paused_until !== null;
  const t = pageStringsFor(advocate.language);
  const e = engagementStringsFor(advocate.language);
  return simplePage(
    t.title,
    html`${notice?.ok ? html`<div class="notice ok">${notice.ok}</div>` : ''}${notice?.bad ? html`<div class="notice bad">${notice.bad}</div>` : ''}
      <p>${advocate.name} · ${advocate.email}${advocate.unsubscribed_at ? html` · <strong>${t.unsubscribed}</strong>` : ''}</p>
      <form method="post" class="prefs" action="${form.action}">
        ${form.field}
        <fieldset>
          <legend>${t.topics}</legend>
          ${offered.map(
            (topic) =>
              html`<label
                ><input type="checkbox" name="topics" value="${topic}" ${advocate.topics.includes(topic) ? 'checked' : ''} />
                ${config.program.topicLabels[topic]?.[advocate.language] ?? topic}</label
              > `,
          )}
        </fieldset>
        <fieldset>
          <legend>${t.networks}</legend>
          ${NETWORKS.map(
            (network) =>
              html`<label
                ><input type="checkbox" name="networks" value="${network}" ${advocate.networks.includes(network) ? 'checked' : ''} />
                ${NETWORK_NAMES[network]}</label
              > `,
          )}
          <label>${t.mastodonServer} <input name="mastodonInstance" value="${advocate.mastodon_instance ?? ''}" placeholder="mastodon.social" /></label>
        </fieldset>
        <fieldset>
          <legend>${t.language}</legend>
          <select name="language" aria-label="${t.language}">
            ${LANGUAGES.map((l) => html`<option value="${l}" ${advocate.language === l ? 'selected' : ''}>${LANGUAGE_NAMES[l]}</option>`)}
          </select>
        </fieldset>
        <fieldset>
          <legend>${t.howOften}</legend>
          <label><input type="radio" name="frequency" value="weekly" ${!paused && advocate.frequency === 'weekly' ? 'checked' : ''} /> ${t.weekly}</label>
          <label
            ><input type="radio" name="frequency" value="fortnightly" ${!paused && advocate.frequency === 'fortnightly' ? 'checked' : ''} /> Every two
            weeks</label
          >
          <label><input type="radio" name="frequency" value="paused" ${paused ? 'checked' : ''} /> ${t.pausedUntil}</label>
          <input type="date" name="pausedUntil" value="${advocate.paused_until ?? ''}" aria-label="${t.pausedUntil}" />
        </fieldset>
        <fieldset>
          <legend>${e.boardTitle}</legend>
          <label><input type="checkbox" name="showName" value="yes" ${advocate.show_name ? 'checked' : ''} /> ${e.showName}</label>
        </fieldset>
        <button type="submit">${t.save}</button>
      </form>
      <p><a href="${privacyPath}">${privacyStringsFor(advocate.language).title}</a></p>`,
  );
}
