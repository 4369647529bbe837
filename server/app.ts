import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Client, Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Store } from '../db/store.js';
import type { KaikuDatabase } from '../db/database.js';
import type { KaikuConfig } from '../config/schema.js';
import { adminRoutes } from './routes/admin.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { createHealthChecks } from './health-checks.js';
import { simplePage } from './pages/layout.js';
import { routePath } from 'hono/route';
import { html } from 'hono/html';
import { metrics } from '../integrations/metrics/metrics.js';
import { TemporalUnavailableError } from '../integrations/temporal/deadline.js';
import { requestTracing } from './request-tracing.js';
import { demoRoutes } from './routes/demo.js';
import { approvalLinkRoutes } from './routes/approval-links.js';
import { outboxRoutes } from './routes/outbox.js';
import { inboundRoutes } from './routes/inbound.js';
import { digestLinkRoutes } from './routes/digest-links.js';
import { preferencesRoutes } from './routes/preferences.js';
import { privacyRoutes } from './routes/privacy.js';
import { engagementLinkRoutes } from './routes/engagement-links.js';
import { slackRoutes } from './routes/slack.js';
import { teamsRoutes } from './routes/teams.js';
import { oidcRoutes } from './routes/oidc.js';
import { scimRoutes } from './routes/scim.js';
import { createOidcClient, type OidcClient } from '../integrations/identity/oidc-client.js';
import { STYLESHEET } from './styles/stylesheet.js';
import { pageCsp } from './pages/csp.js';
import { limitBody, MAX_FORM_BODY, MAX_REQUEST_BODY } from './body-limit.js';
import { ROSTER_UPLOAD_PATH } from './routes/admin-roster-import.js';
import type { KaikuSlackReceiver } from '../integrations/slack/receiver.js';
import type { createTeamsBot } from '../integrations/teams/bot.js';
import type { Secret } from '../rules/tokens/secret.js';
import type { SourceRegistry } from '../activities/sources/registry.js';
import type { Mailer } from '../integrations/email/mailer.js';
import type { InboundProcessor } from '../integrations/email/inbound.js';

export interface AppDeps {
  store: Store;
  database: KaikuDatabase;
  config: KaikuConfig;
  temporal?: Connection | undefined;
  /** For decisions (the `decide` update); without it the decision pages answer 500. */
  client?: Client | undefined;
  secret: Secret;
  mailer?: Mailer | undefined;
  /** Inbound mail: the webhook is served when both this and `webhookSecret` are given. */
  inbound?: InboundProcessor | undefined;
  webhookSecret?: string | undefined;
  /** Serve the embedded SMTP catcher's mailbox at /outbox (dev). */
  outbox?: boolean;
  /** Slack's requests, served at /slack/events when Slack is on. */
  slack?: KaikuSlackReceiver | undefined;
  /** The Teams bot, served at /teams/messages when Teams is on. */
  teams?: ReturnType<typeof createTeamsBot> | undefined;
  /** OIDC_CLIENT_SECRET: the client secret of `auth.oidc` (none: a public client, PKCE alone). */
  oidcClientSecret?: string | undefined;
  /** The relying party for `auth.oidc`, when not made here from the config (tests hand in one). */
  oidc?: OidcClient | undefined;
  /** SCIM_TOKEN: the bearer token of the SCIM service provider at /scim/v2 (served only when it is set). */
  scimToken?: string | undefined;
  /** The kinds of source the config may name (with its sourceModules): the console's source form offers them. */
  registry?: SourceRegistry | undefined;
  /** Serve the demo program's feed and pages under /demo. */
  demo: boolean;
  log: Logger;
}

const requestLimit = limitBody(MAX_REQUEST_BODY, 'a request');
const formLimit = limitBody(MAX_FORM_BODY, 'a form');
/** The routes that take kaiku's own HTML forms (Slack's and the mail webhook's bodies are not forms). */
function isFormPath(path: string): boolean {
  return /^\/(admin|a|p|u|n|s|suggest|outbox)(\/|$)/.test(path);
}

/** kaiku's one HTTP app; handlers can be tested with `app.request()` without opening a socket. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const health = createHealthChecks(deps);
  app.use(requestTracing());

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // The route's pattern (/a/:token), never the path itself: paths carry tokens, and each would be a series.
    const route = c.res.status === 404 && routePath(c) === '/*' ? 'unmatched' : routePath(c);
    metrics.httpRequests.inc({ route, method: c.req.method, status: String(c.res.status) });
    metrics.httpSeconds.observe({ route, method: c.req.method }, (performance.now() - started) / 1000);
    c.header('x-content-type-options', 'nosniff');
    // same-origin: kaiku's own form posts carry a real Origin (no-referrer made Chromium send "null"), and no
    // other site ever sees a kaiku URL (they hold tokens) as a referrer.
    c.header('referrer-policy', 'same-origin');
    if (c.res.headers.get('content-type')?.startsWith('text/html') && !c.res.headers.has('content-security-policy')) {
      c.header('content-security-policy', pageCsp());
    }
    deps.log.debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'http');
  });

  // Every route takes at most MAX_REQUEST_BODY but the inbound mail door, which checks its credentials first and
  // then applies email.maxInboundSize itself (an unauthenticated sender never gets that much read), and SCIM,
  // which applies MAX_REQUEST_BODY itself to answer in SCIM's error shape.
  const inboundDoor = Boolean(deps.inbound && deps.webhookSecret);
  const ownLimit = (path: string) => (inboundDoor && path === '/inbound/email') || (Boolean(deps.scimToken) && /^\/scim\/v2(\/|$)/.test(path));
  app.use('*', async (c, next) => (ownLimit(c.req.path) ? next() : requestLimit(c, next)));
  // A roster upload is a form too, but a file of thousands of rows: it keeps the request limit.
  app.use('*', async (c, next) => (c.req.method === 'POST' && isFormPath(c.req.path) && c.req.path !== ROSTER_UPLOAD_PATH ? formLimit(c, next) : next()));

  app.get('/', (c) => c.redirect('/admin'));
  app.get(STYLESHEET.path, (c) =>
    c.body(STYLESHEET.css, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' }),
  );
  app.route('/', healthRoutes({ health }));
  app.route('/metrics', metricsRoutes());
  if (deps.config.auth.oidc) {
    const oidc = deps.oidc ?? createOidcClient(deps.config.auth.oidc, deps.oidcClientSecret, deps.log);
    app.route('/admin/oidc', oidcRoutes({ ...deps, oidc }));
  }
  app.route('/admin', adminRoutes({ ...deps, health }));
  app.route('/a', approvalLinkRoutes(deps));
  app.route('/', digestLinkRoutes(deps));
  app.route('/', preferencesRoutes(deps));
  app.route('/', privacyRoutes(deps));
  app.route('/', engagementLinkRoutes(deps));
  if (deps.outbox && deps.mailer) app.route('/outbox', outboxRoutes({ ...deps, mailer: deps.mailer }));
  if (deps.inbound && deps.webhookSecret) {
    app.route(
      '/inbound',
      inboundRoutes({ processor: deps.inbound, webhookSecret: deps.webhookSecret, maxSize: deps.config.email.maxInboundSize, log: deps.log }),
    );
  }
  if (deps.slack) app.route('/slack', slackRoutes(deps.slack));
  if (deps.teams) app.route('/teams', teamsRoutes(deps.teams));
  if (deps.scimToken) app.route('/scim/v2', scimRoutes({ ...deps, token: deps.scimToken }));
  if (deps.demo) app.route('/demo', demoRoutes());

  app.notFound((c) => c.text('Not found', 404));
  app.onError(async (error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    // A dependency out of reach is a moment to wait, not a bug: the person is told so, with when to try again.
    const report = error instanceof TemporalUnavailableError ? undefined : await health.report();
    if (error instanceof TemporalUnavailableError || report?.checks.database.ok === false) {
      deps.log.warn({ err: error, path: c.req.path }, 'a dependency is out of reach; answered 503');
      const message =
        error instanceof TemporalUnavailableError ? error.message : 'kaiku cannot reach its database for a moment; nothing was changed; try again in a minute.';
      c.header('retry-after', '30');
      return c.html(simplePage('Try again in a moment', html`<div class="notice bad" role="alert">${message}</div>`), 503);
    }
    deps.log.error({ err: error, path: c.req.path }, 'request failed');
    return c.text('Something went wrong on our side; the error is in the server log.', 500);
  });
  return app;
}
