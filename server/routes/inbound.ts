import { timingSafeEqual, createHash } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import type { InboundProcessor } from '../../integrations/email/inbound.js';

/**
 * POST /inbound/email: the door for mail services that forward inbound mail as raw MIME
 * (Mailgun's "store and notify" raw, Postmark's raw, SES via SNS, a `curl --data-binary @mail.eml`).
 * Authenticated by INBOUND_WEBHOOK_SECRET as a bearer token or a basic-auth password.
 */
export function inboundRoutes(deps: { processor: InboundProcessor; webhookSecret: string; maxSize: number; log: Logger }) {
  const app = new Hono();
  const expected = createHash('sha256').update(deps.webhookSecret).digest();

  app.post(
    '/email',
    async (c, next) => {
      const header = c.req.header('authorization') ?? '';
      const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1];
      const basic = /^Basic\s+(.+)$/i.exec(header)?.[1];
      const given = bearer ?? (basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':') : undefined);
      if (!given || !timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
        deps.log.warn({ component: 'inbound-webhook' }, 'inbound webhook call without the right secret refused');
        return c.json({ error: 'missing or wrong credentials: send INBOUND_WEBHOOK_SECRET as a bearer token or basic-auth password' }, 401);
      }
      await next();
    },
    bodyLimit({
      maxSize: deps.maxSize,
      onError: (c) => c.json({ error: `the message is larger than the ${deps.maxSize}-byte limit (email.maxInboundSize)` }, 413),
    }),
    async (c) => {
      const raw = Buffer.from(await c.req.arrayBuffer());
      if (raw.length === 0) return c.json({ error: 'empty body: send the raw MIME message as the request body' }, 400);
      const accepted = await deps.processor.accept({ raw, via: 'webhook' });
      return c.json(accepted, 202);
    },
  );

  return app;
}
