import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

// A fake of Slack's Web API on loopback, for the tests and the benchmark: Slack cannot run here. It speaks
// the wire format the real client uses (form-encoded calls with JSON-string fields, Bearer token,
// {ok, error} answers, 429 with Retry-After), records what kaiku posted, and builds the signed
// block_actions and view_submission requests Slack sends when someone clicks a card it holds.

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: any[];
  threadTs?: string | undefined;
  /** Each chat.update answered, in order (the card's states). */
  updates: { at: number; text: string; blocks: any[] }[];
}

export interface FakeCall {
  method: string;
  args: Record<string, any>;
  at: number;
  answered: 'ok' | number | string;
}

export interface FakeUser {
  id: string;
  name: string;
}

type Failure = { status: 429; retryAfter: number } | { status: 500 } | { hold: true };

export interface FakeSlack {
  /** The Web API base URL to give kaiku (`SLACK_API_URL`). */
  apiUrl: string;
  token: string;
  signingSecret: string;
  botUserId: string;
  /** A workspace member: users.info answers with this email on their profile. */
  addUser(id: string, email: string): void;
  calls(method?: string): FakeCall[];
  /** Messages posted (cards and thread replies), by conversation. */
  messages(): FakeMessage[];
  cards(): FakeMessage[];
  ephemerals(): { channel: string; user: string; text: string }[];
  views(): { triggerId: string; view: any }[];
  /** The next `times` calls of `method` (those `match` accepts) fail so (429 with Retry-After, 500), or are held unanswered. */
  fail(method: string, failure: Failure, times?: number, match?: (args: Record<string, any>) => boolean): void;
  /** Answers held calls with a dropped connection (as if kaiku's side had died). */
  dropHeld(): number;
  /** The signed request Slack sends for a click on a button of a card it holds. */
  click(card: FakeMessage, actionId: string, user: FakeUser, options?: { timestamp?: number }): SignedRequest;
  /** The signed request Slack sends when someone submits a modal it opened. */
  submitView(opened: { view: any }, values: Record<string, string>, user: FakeUser): SignedRequest;
  /** Signs any body as Slack would (tests of bad input tamper with the result). */
  sign(body: string, timestamp?: number): SignedRequest;
  close(): Promise<void>;
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
  /** POSTs it to kaiku's Slack Request URL. */
  send(url: string): Promise<Response>;
}

export async function startFakeSlack(options: { token?: string; signingSecret?: string } = {}): Promise<FakeSlack> {
  const token = options.token ?? `xoxb-test-${randomBytes(6).toString('hex')}`;
  const signingSecret = options.signingSecret ?? randomBytes(16).toString('hex');
  const botUserId = 'UKAIKUBOT1';
  const calls: FakeCall[] = [];
  const messages: FakeMessage[] = [];
  const ephemerals: { channel: string; user: string; text: string }[] = [];
  const views: { triggerId: string; view: any }[] = [];
  const triggers = new Map<string, number>();
  const failures: { method: string; failure: Failure; left: number; match: (args: Record<string, any>) => boolean }[] = [];
  const held: ServerResponse[] = [];
  const users = new Map<string, string>();
  let seq = 0;
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
  const dmOf = (user: string) => `D${user.slice(1)}`;

  function answer(res: ServerResponse, body: Record<string, unknown>) {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }

  function handle(method: string, args: Record<string, any>, res: ServerResponse, call: FakeCall) {
    const fail = (error: string) => {
      call.answered = error;
      answer(res, { ok: false, error });
    };
    switch (method) {
      case 'auth.test':
        return answer(res, {
          ok: true,
          url: 'https://kaiku-test.slack.com/',
          team: 'kaiku test',
          user: 'kaiku',
          team_id: 'T0KAIKU01',
          user_id: botUserId,
          bot_id: 'B0KAIKU01',
        });
      case 'chat.postMessage': {
        if (!args.channel) return fail('channel_not_found');
        const channel = /^U/.test(args.channel) ? dmOf(args.channel) : args.channel;
        if (args.thread_ts && !messages.some((m) => m.channel === channel && m.ts === args.thread_ts)) return fail('thread_not_found');
        const message: FakeMessage = { channel, ts: nextTs(), text: args.text ?? '', blocks: parse(args.blocks) ?? [], threadTs: args.thread_ts, updates: [] };
        messages.push(message);
        return answer(res, { ok: true, channel, ts: message.ts, message: { type: 'message', text: message.text, ts: message.ts, blocks: message.blocks } });
      }
      case 'chat.update': {
        const message = messages.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!message) return fail('message_not_found');
        message.text = args.text ?? message.text;
        message.blocks = parse(args.blocks) ?? message.blocks;
        message.updates.push({ at: Date.now(), text: message.text, blocks: message.blocks });
        return answer(res, { ok: true, channel: message.channel, ts: message.ts, text: message.text });
      }
      case 'chat.postEphemeral':
        if (!args.channel || !args.user) return fail('channel_not_found');
        ephemerals.push({ channel: args.channel, user: args.user, text: args.text ?? '' });
        return answer(res, { ok: true, message_ts: nextTs() });
      case 'users.info': {
        const email = users.get(args.user);
        if (!email) return fail('user_not_found');
        return answer(res, { ok: true, user: { id: args.user, name: email.split('@')[0], profile: { email, real_name: email } } });
      }
      case 'views.open': {
        const issued = triggers.get(args.trigger_id);
        // A trigger_id is good once, for three seconds after the click.
        if (issued === undefined || Date.now() - issued > 3_000) return fail('expired_trigger_id');
        triggers.delete(args.trigger_id);
        const view = { ...parse(args.view), id: `V${randomBytes(5).toString('hex').toUpperCase()}` };
        views.push({ triggerId: args.trigger_id, view });
        return answer(res, { ok: true, view });
      }
      default:
        return fail('unknown_method');
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
      const raw = Buffer.concat(chunks).toString('utf8');
      const args: Record<string, any> = (req.headers['content-type'] ?? '').includes('application/json')
        ? (JSON.parse(raw || '{}') as Record<string, any>)
        : Object.fromEntries(new URLSearchParams(raw));
      const call: FakeCall = { method, args, at: Date.now(), answered: 'ok' };
      calls.push(call);
      const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? args.token;
      if (bearer !== token) {
        call.answered = 'invalid_auth';
        return answer(res, { ok: false, error: 'invalid_auth' });
      }
      const failure = failures.find((f) => f.method === method && f.left > 0 && f.match(args));
      if (failure) {
        failure.left--;
        if ('hold' in failure.failure) {
          call.answered = 'held';
          held.push(res);
          return;
        }
        call.answered = failure.failure.status;
        if (failure.failure.status === 429) {
          res
            .writeHead(429, { 'retry-after': String(failure.failure.retryAfter), 'content-type': 'application/json' })
            .end('{"ok":false,"error":"ratelimited"}');
        } else {
          res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
        }
        return;
      }
      handle(method, args, res, call);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/`;

  function sign(body: string, timestamp = Math.floor(Date.now() / 1000)): SignedRequest {
    const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    };
    return { body, headers, send: (url: string) => fetch(url, { method: 'POST', headers, body }) };
  }

  const team = { id: 'T0KAIKU01', domain: 'kaiku-test' };
  function interaction(payload: Record<string, unknown>, timestamp?: number): SignedRequest {
    return sign(`payload=${encodeURIComponent(JSON.stringify(payload))}`, timestamp);
  }

  return {
    apiUrl,
    token,
    signingSecret,
    botUserId,
    addUser: (id: string, email: string) => void users.set(id, email),
    calls: (method) => calls.filter((call) => !method || call.method === method),
    messages: () => messages,
    cards: () => messages.filter((m) => !m.threadTs),
    ephemerals: () => ephemerals,
    views: () => views,
    fail(method, failure, times = 1, match = () => true) {
      failures.push({ method, failure, left: times, match });
    },
    dropHeld() {
      const count = held.length;
      for (const res of held.splice(0)) res.socket?.destroy();
      return count;
    },
    click(card, actionId, user, clickOptions = {}) {
      const element = card.blocks.flatMap((block: any) => block.elements ?? []).find((e: any) => e.action_id === actionId);
      if (!element) throw new Error(`the card has no button ${actionId}`);
      const triggerId = `${Date.now()}.${randomBytes(6).toString('hex')}`;
      triggers.set(triggerId, Date.now());
      const actionTs = `${(Date.now() / 1000).toFixed(6)}`;
      return interaction(
        {
          type: 'block_actions',
          user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
          api_app_id: 'A0KAIKU01',
          token: 'deprecated-verification-token',
          container: { type: 'message', message_ts: card.ts, channel_id: card.channel, is_ephemeral: false },
          trigger_id: triggerId,
          team,
          enterprise: null,
          is_enterprise_install: false,
          channel: { id: card.channel, name: card.channel.startsWith('D') ? 'directmessage' : 'approvals' },
          message: { type: 'message', user: botUserId, ts: card.ts, text: card.text, blocks: card.blocks },
          state: { values: {} },
          response_url: `${apiUrl}response/${card.ts}`,
          actions: [
            { action_id: actionId, block_id: 'decision', text: element.text, value: element.value, style: element.style, type: 'button', action_ts: actionTs },
          ],
        },
        clickOptions.timestamp,
      );
    },
    submitView(opened, values, user) {
      const state: Record<string, Record<string, { type: string; value: string }>> = {};
      for (const block of opened.view.blocks.filter((b: any) => b.type === 'input')) {
        const value = values[block.block_id] ?? block.element.initial_value ?? '';
        state[block.block_id] = { [block.element.action_id]: { type: 'plain_text_input', value } };
      }
      return interaction({
        type: 'view_submission',
        team,
        user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
        api_app_id: 'A0KAIKU01',
        token: 'deprecated-verification-token',
        trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
        view: { ...opened.view, state: { values: state }, hash: randomBytes(8).toString('hex') },
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      });
    },
    sign,
    async close() {
      for (const res of held.splice(0)) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parse(value: unknown): any {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
