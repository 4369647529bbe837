import { Hono } from 'hono';
import type { KaikuSlackReceiver } from '../../integrations/slack/receiver.js';

/** Slack's interactivity and slash-command Request URL: `<publicUrl>/slack/events` in the app manifest. */
export function slackRoutes(receiver: KaikuSlackReceiver): Hono {
  const app = new Hono();
  app.post('/events', async (c) => {
    const response = await receiver.handle({
      body: await c.req.text(),
      contentType: c.req.header('content-type'),
      signature: c.req.header('x-slack-signature'),
      timestamp: c.req.header('x-slack-request-timestamp'),
      retryNum: c.req.header('x-slack-retry-num'),
      retryReason: c.req.header('x-slack-retry-reason'),
    });
    return c.body(response.body, response.status as 200, { 'content-type': response.contentType });
  });
  return app;
}
