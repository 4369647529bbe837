import { Hono } from 'hono';
import { metricsText } from '../../integrations/metrics/metrics.js';

/**
 * `GET /metrics`: kaiku's own counters and histograms in Prometheus text format (the Temporal SDK's
 * worker metrics are on their own port, `TEMPORAL_METRICS_ADDRESS`). Expose it to your scraper only.
 *
 * @example
 *   curl -s localhost:8080/metrics | grep kaiku_decisions_total
 *   kaiku_decisions_total{channel="slack",outcome="approved"} 12
 */
export function metricsRoutes() {
  const app = new Hono();
  app.get('/', async (c) => {
    const { contentType, body } = await metricsText();
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  });
  return app;
}
