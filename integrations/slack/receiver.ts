import { verifySlackRequest, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from 'pino';

// Bolt's receiver inside kaiku's one HTTP server (no second port). Every request is verified here before
// Bolt sees it: the signature, and a timestamp within five minutes either way (Bolt's own check lets
// future timestamps through). Bodies Bolt could not route (malformed JSON, unknown actions) are a 400.

const MAX_SKEW_SECONDS = 5 * 60;
const MAX_BODY_BYTES = 1024 * 1024;
// Slack gives an app three seconds; a listener that has not acked by then gets an empty 200.
const ACK_TIMEOUT_MS = 2_500;

export interface SlackHttpRequest {
  body: string;
  contentType: string | undefined;
  signature: string | undefined;
  timestamp: string | undefined;
  retryNum?: string | undefined;
  retryReason?: string | undefined;
}

export interface SlackHttpResponse {
  status: number;
  body: string;
  contentType: string;
}

export interface KnownInteractions {
  actions: ReadonlySet<string>;
  views: ReadonlySet<string>;
  commands: ReadonlySet<string>;
}

export class KaikuSlackReceiver implements Receiver {
  #bolt: App | undefined;

  constructor(private readonly options: { signingSecret: string; known: KnownInteractions; log: Logger }) {}

  init(app: App): void {
    this.#bolt = app;
  }

  // kaiku's HTTP server owns the socket: nothing to start or stop here.
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  async handle(request: SlackHttpRequest, now = Date.now()): Promise<SlackHttpResponse> {
    const log = this.options.log;
    const refuse = (status: number, why: string, detail?: Record<string, unknown>) => {
      log.warn({ status, ...detail }, `Slack request refused: ${why}`);
      return { status, body: why, contentType: 'text/plain; charset=utf-8' };
    };
    if (Buffer.byteLength(request.body) > MAX_BODY_BYTES) return refuse(413, 'request body too large');
    const timestamp = Number(request.timestamp);
    if (!request.signature || !request.timestamp || !Number.isInteger(timestamp)) return refuse(401, 'missing Slack signature headers');
    if (Math.abs(now / 1000 - timestamp) > MAX_SKEW_SECONDS) return refuse(401, 'stale or future Slack request timestamp', { timestamp });
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: request.body,
        headers: { 'x-slack-signature': request.signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: now,
      });
    } catch {
      return refuse(401, 'invalid Slack signature');
    }

    if (request.contentType?.split(';')[0]?.trim() !== 'application/x-www-form-urlencoded') {
      return refuse(400, 'expected application/x-www-form-urlencoded', { contentType: request.contentType });
    }
    const form = new URLSearchParams(request.body);
    let body: Record<string, unknown>;
    const payload = form.get('payload');
    if (payload !== null) {
      try {
        body = JSON.parse(payload) as Record<string, unknown>;
      } catch {
        return refuse(400, 'malformed payload JSON');
      }
      const unknown = this.unknownInteraction(body);
      if (unknown) return refuse(400, unknown);
    } else {
      body = Object.fromEntries(form);
      if (typeof body.command !== 'string' || !this.options.known.commands.has(body.command)) {
        return refuse(400, `unknown slash command ${JSON.stringify(body.command ?? null)}`);
      }
    }

    let answer: (response: SlackHttpResponse) => void = () => undefined;
    const acked = new Promise<SlackHttpResponse>((resolve) => (answer = resolve));
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => {
        if (response === undefined || response === '') answer({ status: 200, body: '', contentType: 'text/plain; charset=utf-8' });
        else if (typeof response === 'string') answer({ status: 200, body: response, contentType: 'text/plain; charset=utf-8' });
        else answer({ status: 200, body: JSON.stringify(response), contentType: 'application/json' });
      },
      ...(request.retryNum ? { retryNum: Number(request.retryNum) } : {}),
      ...(request.retryReason ? { retryReason: request.retryReason } : {}),
    };
    const bolt = this.#bolt;
    if (!bolt) return refuse(503, 'Slack app not ready');
    bolt.processEvent(event).catch((error: unknown) => log.error({ err: error }, 'Slack listener failed'));
    return Promise.race([
      acked,
      new Promise<SlackHttpResponse>((resolve) =>
        setTimeout(() => resolve({ status: 200, body: '', contentType: 'text/plain; charset=utf-8' }), ACK_TIMEOUT_MS).unref(),
      ),
    ]);
  }

  /** Why kaiku cannot handle this interaction, or undefined when it can. */
  private unknownInteraction(body: Record<string, unknown>): string | undefined {
    const { known } = this.options;
    switch (body.type) {
      case 'block_actions': {
        const actions = Array.isArray(body.actions) ? (body.actions as { action_id?: unknown }[]) : [];
        if (actions.length === 0) return 'block_actions without actions';
        const strange = actions.find((action) => typeof action.action_id !== 'string' || !known.actions.has(action.action_id));
        return strange ? `unknown action id ${JSON.stringify(strange.action_id ?? null)}` : undefined;
      }
      case 'view_submission':
      case 'view_closed': {
        const callback = (body.view as { callback_id?: unknown } | undefined)?.callback_id;
        return typeof callback === 'string' && known.views.has(callback) ? undefined : `unknown view ${JSON.stringify(callback ?? null)}`;
      }
      default:
        return `unsupported interaction type ${JSON.stringify(body.type ?? null)}`;
    }
  }
}
