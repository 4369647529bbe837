import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Store } from '../db/store.js';
import type { KaikuDatabase } from '../db/database.js';
import type { KaikuConfig } from '../config/schema.js';
import { adminRoutes } from './routes/admin.js';
import { healthRoutes } from './routes/health.js';
import { demoRoutes } from './routes/demo.js';

export interface AppDeps {
  store: Store;
  database: KaikuDatabase;
  config: KaikuConfig;
  temporal?: Connection | undefined;
  /** Serve the demo program's feed and pages under /demo. */
  demo: boolean;
  log: Logger;
}

/** kaiku's one HTTP app; handlers can be tested with `app.request()` without opening a socket. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    if (c.res.headers.get('content-type')?.startsWith('text/html')) {
      c.header('content-security-policy', "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'");
    }
    deps.log.debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'http');
  });

  app.get('/', (c) => c.redirect('/admin'));
  app.route('/healthz', healthRoutes(deps));
  app.route('/admin', adminRoutes(deps));
  if (deps.demo) app.route('/demo', demoRoutes());

  app.notFound((c) => c.text('Not found', 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    deps.log.error({ err: error, path: c.req.path }, 'request failed');
    return c.text('Something went wrong on our side; the error is in the server log.', 500);
  });
  return app;
}
