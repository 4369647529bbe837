import { createHmac } from 'node:crypto';
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { KaikuSlackReceiver } from '../../integrations/slack/receiver.js';

// The five-minute window's edges, on a fixed clock (the integration test can only probe well outside it).
const secret = 'test-signing-secret';
const receiver = new KaikuSlackReceiver({
  signingSecret: secret,
  known: { actions: new Set(), views: new Set(), commands: new Set() },
  log: pino({ level: 'silent' }),
});
const now = 1_800_000_000_500;

function signed(timestamp: number, body = 'command=%2Funknown') {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { body, contentType: 'application/x-www-form-urlencoded', signature, timestamp: String(timestamp) };
}

describe('Slack request timestamps', () => {
  test('within five minutes either way the signature is judged; beyond it the request is a 401', async () => {
    const seconds = Math.floor(now / 1000);
    // An unknown slash command past verification is a 400: proof the timestamp was accepted.
    for (const timestamp of [seconds - 299, seconds, seconds + 300]) {
      expect((await receiver.handle(signed(timestamp), now)).status, `timestamp ${timestamp - seconds} s`).toBe(400);
    }
    for (const timestamp of [seconds - 301, seconds + 301, seconds - 86_400, seconds + 86_400]) {
      const answer = await receiver.handle(signed(timestamp), now);
      expect(answer.status, `timestamp ${timestamp - seconds} s`).toBe(401);
      expect(answer.body).toBe('stale or future Slack request timestamp');
    }
  });

  test('a signature over another timestamp is a 401 even inside the window', async () => {
    const seconds = Math.floor(now / 1000);
    const request = { ...signed(seconds - 10), timestamp: String(seconds) };
    const answer = await receiver.handle(request, now);
    expect(answer).toMatchObject({ status: 401, body: 'invalid Slack signature' });
  });
});
