import { Hono } from 'hono';
import { sql } from 'kysely';
import type { Connection } from '@temporalio/client';
import type { KaikuDatabase } from '../../db/database.js';

/** `GET /healthz`: 200 when the store and Temporal answer, 503 (with which one failed) when not. */
export function healthRoutes(deps: { database: KaikuDatabase; temporal?: Connection | undefined }) {
  const app = new Hono();
  app.get('/', async (c) => {
    const checks: Record<string, 'ok' | string> = {};
    try {
      await sql`select 1`.execute(deps.database.db);
      checks.database = 'ok';
    } catch (error) {
      checks.database = `unavailable: ${(error as Error).message}`;
    }
    if (deps.temporal) {
      try {
        await deps.temporal.workflowService.getSystemInfo({});
        checks.temporal = 'ok';
      } catch (error) {
        checks.temporal = `unavailable: ${(error as Error).message.split('\n')[0]}`;
      }
    }
    const ok = Object.values(checks).every((value) => value === 'ok');
    return c.json({ status: ok ? 'ok' : 'degraded', checks }, ok ? 200 : 503);
  });
  return app;
}
