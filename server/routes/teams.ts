import { Hono } from 'hono';
import type { createTeamsBot } from '../../integrations/teams/bot.js';

/**
 * The Teams bot's messaging endpoint: `<publicUrl>/teams/messages` in the Azure Bot resource (docs/teams.md).
 * Every request carries a Bot Framework JWT; one that does not verify gets 401 and changes nothing.
 *
 * @example
 * POST /teams/messages
 * Authorization: Bearer eyJhbGciOiJSUzI1NiIs…
 * {"type":"invoke","name":"adaptiveCard/action","value":{"action":{"verb":"kaiku.approve","data":{"itemId":"…"}}},…}
 */
export function teamsRoutes(bot: ReturnType<typeof createTeamsBot>): Hono {
  const app = new Hono();
  app.post('/messages', async (c) => {
    const response = await bot.handle({ body: await c.req.text(), authorization: c.req.header('authorization') });
    if (response.body === undefined) return c.body(null, response.status as 200);
    if (typeof response.body === 'string') return c.text(response.body, response.status as 200);
    return c.json(response.body, response.status as 200);
  });
  return app;
}
