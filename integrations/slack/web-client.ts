import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { KaikuEnv } from '../../config/env.js';

export type SlackClient = webApi.WebClient;

/**
 * Every Web API method kaiku calls, with the bot scope it needs (null: none). The manifest in
 * docs/slack.md asks for exactly these (and `commands` for /kaiku); the tests check both ways.
 */
export const SLACK_METHOD_SCOPES: Record<string, string | readonly string[] | null> = {
  'auth.test': null,
  // `/kaiku suggest`: who the advocate is, by their Slack profile's email address.
  'users.info': ['users:read', 'users:read.email'],
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'views.open': null,
};

export interface SlackSettings {
  token: string;
  signingSecret: string;
  /** The Web API's base URL: Slack's, or a test's fake on loopback. */
  apiUrl: string;
}

/** Slack is on when both the bot token and the signing secret are set; otherwise kaiku runs with email alone. */
export function slackSettings(env: Pick<KaikuEnv, 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_API_URL'>): SlackSettings | undefined {
  if (!env.SLACK_BOT_TOKEN || !env.SLACK_SIGNING_SECRET) return undefined;
  return { token: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET, apiUrl: env.SLACK_API_URL };
}

/** @slack/logger's interface over pino; the client redacts tokens itself, and kaiku logs its calls at debug. */
export function slackLogger(log: Logger): webApi.Logger {
  const child = log.child({ slack: true });
  let level = webApi.LogLevel.WARN;
  return {
    debug: (...msg: unknown[]) => child.debug(msg.map(String).join(' ')),
    info: (...msg: unknown[]) => child.info(msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => child.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => child.error(msg.map(String).join(' ')),
    setLevel: (next: webApi.LogLevel) => void (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * The Web API client the worker posts cards with. A 429 pauses the client's queue for `Retry-After`
 * and tries again (the client's own handling); other failures get two quick tries here, then the
 * activity's retry policy takes over, so an outage delays a card but never loses it.
 */
export function createSlackClient(settings: SlackSettings, log: Logger): SlackClient {
  return new webApi.WebClient(settings.token, {
    slackApiUrl: settings.apiUrl,
    logger: slackLogger(log),
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1000 },
    timeout: 10_000,
    rejectRateLimitedCalls: false,
  });
}
