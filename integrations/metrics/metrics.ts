import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * kaiku's own metrics, one registry per process, scraped at `/metrics` (Prometheus text format). The
 * HTTP server serves it on its port; a `kaiku worker` serves it at `KAIKU_METRICS_ADDRESS`. Names and
 * labels are the public contract of dashboards: add, never rename.
 *
 * @example
 *   import { metrics } from '../integrations/metrics/metrics.js';
 *   metrics.digestsSent.inc();                       // kaiku_digests_sent_total 1
 *   metrics.polls.inc({ source: 'news', outcome: 'new' });
 */
export const registry = new Registry();
// Process and Node.js metrics (kaiku_process_resident_memory_bytes, kaiku_nodejs_eventloop_lag_seconds, …).
collectDefaultMetrics({ register: registry, prefix: 'kaiku_' });

const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const metrics = {
  /** Items a poll stored for the first time, by source. */
  itemsIngested: new Counter({
    name: 'kaiku_items_ingested_total',
    help: 'Items stored for the first time, by source',
    labelNames: ['source'],
    registers: [registry],
  }),
  /** One per poll: `new` (something stored), `unchanged` (304 or the same content), `failed`. */
  polls: new Counter({ name: 'kaiku_polls_total', help: 'Source polls by outcome', labelNames: ['source', 'outcome'], registers: [registry] }),
  /** Approval requests that went out, by channel (`email`, `slack`). */
  approvalRequests: new Counter({
    name: 'kaiku_approval_requests_total',
    help: 'Approval requests sent, by channel',
    labelNames: ['channel'],
    registers: [registry],
  }),
  /** Decisions taken by an approval workflow, by channel and outcome (`approved`, `rejected`, `refused`). */
  decisions: new Counter({
    name: 'kaiku_decisions_total',
    help: 'Decisions submitted, by channel and outcome',
    labelNames: ['channel', 'outcome'],
    registers: [registry],
  }),
  /** From a decision's submission to the workflow's answer (the `decide` Update's round trip). */
  decisionSeconds: new Histogram({
    name: 'kaiku_decision_seconds',
    help: 'Time for a submitted decision to be taken or refused',
    labelNames: ['channel'],
    buckets: seconds,
    registers: [registry],
  }),
  /** Digest rows planned (one per advocate × period). For the digest workflow's activities. */
  digestsPlanned: new Counter({ name: 'kaiku_digests_planned_total', help: 'Digests planned (advocate × period)', registers: [registry] }),
  /** Digests the SMTP server accepted. */
  digestsSent: new Counter({ name: 'kaiku_digests_sent_total', help: 'Digests accepted by the SMTP server', registers: [registry] }),
  /** Digests put off to a later run (a 4xx past its retries, nothing to send yet). */
  digestsDeferred: new Counter({ name: 'kaiku_digests_deferred_total', help: 'Digests deferred to a later run', registers: [registry] }),
  /** Digests refused for good (5xx): the advocate is marked bouncing. */
  digestsBounced: new Counter({ name: 'kaiku_digests_bounced_total', help: 'Digests refused by the SMTP server (5xx)', registers: [registry] }),
  /** One SMTP transaction, by outcome (`sent`, `temporary`, `permanent`). */
  smtpSeconds: new Histogram({
    name: 'kaiku_smtp_send_seconds',
    help: 'Time to hand one message to the SMTP server',
    labelNames: ['outcome'],
    buckets: seconds,
    registers: [registry],
  }),
  /** Tracked-link clicks recorded (`/r/<token>`), by network. */
  linkClicks: new Counter({
    name: 'kaiku_link_clicks_total',
    help: 'Tracked-link clicks recorded, by network',
    labelNames: ['network'],
    registers: [registry],
  }),
  /** Shares recorded from the share page's button, by network. */
  shares: new Counter({ name: 'kaiku_shares_total', help: 'Shares recorded, by network', labelNames: ['network'], registers: [registry] }),
  /** HTTP requests by route pattern (never the raw path: it holds tokens), method and status. */
  httpRequests: new Counter({
    name: 'kaiku_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  }),
  httpSeconds: new Histogram({
    name: 'kaiku_http_request_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['route', 'method'],
    buckets: seconds,
    registers: [registry],
  }),
};

/** The registry's current text, as Prometheus scrapes it. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
