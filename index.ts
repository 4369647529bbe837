/**
 * kaiku's public API: `import { defineSource, z } from 'kaiku'`. Everything a programme's code may rely on
 * is exported here; nothing else of the package can be imported (package.json `exports`).
 *
 * - defining a kind of source: `defineSource`, the item it returns (`SourceItem`), what `fetch` receives and
 *   returns, and the errors to throw;
 * - the config's types: `KaikuConfigInput` (what a person writes) and `KaikuConfig` (validated, defaults filled);
 * - running kaiku inside your own process: `runWorker`, `runServer` and `runDev`.
 *
 * @example
 * ```ts
 * import { defineSource, z } from 'kaiku';
 *
 * export const intranetNews = defineSource({
 *   kind: 'intranet-news',
 *   configSchema: z.strictObject({ channel: z.string() }),
 *   async fetch({ source, options, http, signal }) {
 *     const response = await http.get(`${source.url}?channel=${options.channel}`, { accept: 'application/json', signal });
 *     const body = JSON.parse(response.text()) as { posts: { link: string; headline: string }[] };
 *     return { items: body.posts.map((post) => ({ url: post.link, title: post.headline })) };
 *   },
 * });
 * ```
 */
import type { Logger } from 'pino';
import { runDev as startDev, runServe as startServe, runWorker as startWorker, type Running } from './worker.js';
import type { SourceDefinition } from './activities/sources/define-source.js';
import type { KaikuConfig } from './config/schema.js';

export { defineSource } from './activities/sources/define-source.js';
export type { SourceDefinition, SourceFetchContext, SourceFetchResult, SourceItem, SourceSettings, SourceState } from './activities/sources/define-source.js';
export type { HttpClient, HttpResponse, GetOptions } from './integrations/http/http-client.js';
export { FetchError } from './integrations/http/http-client.js';
export { FeedParseError } from './integrations/feeds/feed-error.js';
export type { KaikuConfig, KaikuConfigInput } from './config/schema.js';
export { KAIKU_VERSION } from './config/package.js';
/** kaiku's own zod: a kind's `configSchema` built with it keeps its `.meta({ example })` in kaiku's error messages. */
export { z } from 'zod';

/** How to start kaiku in code; each field has the same meaning as for the `kaiku` command. */
export interface RunOptions {
  /** The config file (like `--config`); else `KAIKU_CONFIG`, else `./kaiku.yaml`, else the demo programme. */
  configPath?: string | undefined;
  /** The environment to read (`DATABASE_URL`, `TEMPORAL_ADDRESS`, …: see `kaiku --help`); `process.env` by default. */
  env?: NodeJS.ProcessEnv;
  /** Kinds of source defined in code, beside the built-ins and the config's `sourceModules`. */
  sources?: readonly SourceDefinition<any>[];
  /** A pino logger of yours; by default kaiku makes one from `LOG_LEVEL` and `LOG_FORMAT`. */
  log?: Logger;
}

/** A started kaiku. It installs no signal handlers: call `stop()` when your process should end. */
export interface RunningKaiku {
  /** The config it runs, validated. */
  config: KaikuConfig;
  /** The HTTP server's address (`runServer`, `runDev`), e.g. `http://127.0.0.1:8080`. */
  url: string | undefined;
  /** The Temporal server it talks to (`host:port`). */
  temporalAddress: string | undefined;
  /** Stops it cleanly: the worker finishes its tasks, the servers close, an embedded Temporal dev server stops. */
  stop(): Promise<void>;
}

/**
 * Runs a kaiku worker (Temporal workflows and activities) in this process, as `kaiku worker` does: it needs
 * `TEMPORAL_ADDRESS`, `SMTP_URL` and, for PostgreSQL, `DATABASE_URL`. Resolves once the worker polls its task
 * queue and the Schedules match the config.
 *
 * @example
 * ```ts
 * import { runWorker } from 'kaiku';
 * import { intranetNews } from './sources/intranet-news.js';
 *
 * const kaiku = await runWorker({ configPath: 'kaiku.yaml', sources: [intranetNews] });
 * process.once('SIGTERM', () => void kaiku.stop());
 * ```
 */
export async function runWorker(options: RunOptions = {}): Promise<RunningKaiku> {
  return handle(await startWorker(options));
}

/**
 * Runs kaiku's HTTP server (admin page, digest links, mail webhook, Slack, health) in this process, as
 * `kaiku serve` does. Resolves once it listens.
 *
 * @example
 * ```ts
 * const kaiku = await runServer({ configPath: 'kaiku.yaml', env: { ...process.env, PORT: '8080' } });
 * console.log(`admin page: ${kaiku.url}/admin`);
 * ```
 */
export async function runServer(options: RunOptions = {}): Promise<RunningKaiku> {
  return handle(await startServe(options));
}

/**
 * Everything in this process, as `kaiku dev` does: the Temporal dev server (the `temporal` CLI from
 * `TEMPORAL_CLI`, PATH or built once with Go), PGlite in the data folder, the worker and the HTTP server.
 *
 * @example
 * ```ts
 * const kaiku = await runDev({ sources: [intranetNews], env: { ...process.env, KAIKU_DATA_DIR: 'data' } });
 * await kaiku.stop();
 * ```
 */
export async function runDev(options: RunOptions = {}): Promise<RunningKaiku> {
  return handle(await startDev(options));
}

function handle(running: Running): RunningKaiku {
  return { config: running.loaded.config, url: running.server?.url, temporalAddress: running.temporalAddress, stop: () => running.stop() };
}
