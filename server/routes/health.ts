import { Hono } from 'hono';
import type { HealthChecks } from '../health-checks.js';

/**
 * Health for people and orchestrators, each answered in under a second whatever is down:
 *
 * - `GET /livez`: 200 while the process serves HTTP at all (restart it when this fails).
 * - `GET /readyz`: 200 when it can serve pages (its database answers), else 503: take it out of rotation.
 * - `GET /healthz`: every dependency — database, Temporal, a worker polling the task queue, SMTP — and
 *   the count of unhealthy sources; 503 with the failing ones named when any is down.
 *
 * @example
 *   curl -s localhost:8080/healthz
 *   {"status":"degraded","checks":{"database":{"ok":true},"temporal":{"ok":false,"detail":"unavailable: no answer within 600 ms"},…},
 *    "sources":{"unhealthy":1,"total":4},"checkedAt":"2026-12-01T08:30:00.000Z"}
 */
export function healthRoutes(deps: { health: HealthChecks }) {
  const app = new Hono();
  const noStore = { 'cache-control': 'no-store' };
  app.get('/livez', (c) => c.json({ status: 'ok' }, 200, noStore));
  app.get('/readyz', async (c) => {
    const { checks } = await deps.health.report({ fresh: true });
    return c.json({ status: checks.database.ok ? 'ok' : 'not ready', database: checks.database }, checks.database.ok ? 200 : 503, noStore);
  });
  app.get('/healthz', async (c) => {
    const report = await deps.health.report({ fresh: true });
    return c.json(report, report.status === 'ok' ? 200 : 503, noStore);
  });
  return app;
}
