import type { KaikuConfig } from '../../config/schema.js';
import { KAIKU_VERSION } from '../../config/package.js';
import { createHttpClient, type HttpClient, type HttpClientOptions } from './http-client.js';
import { HostLimiter } from './host-limiter.js';

// The HTTP clients sources are fetched through, made in one place from fetch: in kaiku.yaml, so the worker's polls
// and the console's "Test this feed" reach a URL under the very same limits and private-address guard.

export interface SourceClients {
  /** The User-Agent, limits and per-host cap every source fetch shares. */
  base: Omit<HttpClientOptions, 'allowPrivateAddresses' | 'addressPolicy'>;
  /** Public addresses only, unless fetch.allowPrivateAddresses is on. */
  public: HttpClient;
  /** For sources with allowPrivateAddresses: true (only kaiku.yaml can say so). */
  private: HttpClient;
  close(): Promise<void>;
}

/**
 * The source clients of a config.
 *
 * @example
 * const http = createSourceClients(config);
 * const response = await http.public.get('https://www.vantaa.fi/fi/rss.xml'); // refuses 10.0.0.1, 127.0.0.1, …
 * await http.close();
 */
export function createSourceClients(config: Pick<KaikuConfig, 'fetch' | 'server'>): SourceClients {
  const base = {
    userAgent:
      config.fetch.userAgent ?? `kaiku/${KAIKU_VERSION} (employee advocacy feed reader${config.server.publicUrl ? `; +${config.server.publicUrl}` : ''})`,
    timeoutMs: config.fetch.timeout,
    maxBytes: config.fetch.maxBytes,
    maxRedirects: config.fetch.maxRedirects,
    limiter: new HostLimiter(config.fetch.perHostConcurrency),
  };
  const privateHttp = createHttpClient({ ...base, allowPrivateAddresses: true });
  const publicHttp = config.fetch.allowPrivateAddresses ? privateHttp : createHttpClient({ ...base, allowPrivateAddresses: false });
  return {
    base,
    public: publicHttp,
    private: privateHttp,
    async close() {
      await Promise.all([publicHttp.close(), privateHttp === publicHttp ? undefined : privateHttp.close()]);
    },
  };
}
