import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { BlockedAddressError, createGuardedLookup, isPublicAddress, type AddressPolicy } from './address-guard.js';
import { HostLimiter } from './host-limiter.js';
import { decodeBody } from './decode-body.js';

export type FetchFailure = 'bad-url' | 'blocked-address' | 'timeout' | 'too-large' | 'too-many-redirects' | 'redirect-loop' | 'http-status' | 'network';

/** A fetch that failed for a reason worth showing to the person who configured the URL. */
export class FetchError extends Error {
  constructor(
    readonly kind: FetchFailure,
    message: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FetchError';
  }

  /** Worth trying again later: the far end may recover. */
  get transient(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || (this.kind === 'http-status' && (this.status === 429 || (this.status ?? 0) >= 500));
  }
}

export interface HttpClientOptions {
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  allowPrivateAddresses: boolean;
  limiter: HostLimiter;
  /** Without allowPrivateAddresses, which addresses may be reached (default: public ones only). */
  addressPolicy?: AddressPolicy;
}

export interface GetOptions {
  accept?: string;
  /** Conditional GET: the validators the last answer gave. */
  etag?: string | undefined;
  lastModified?: string | undefined;
  /** The URL the validators belong to (a hop of the redirect chain); the start URL when not given. */
  validatorsUrl?: string | undefined;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface HttpResponse {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  notModified: boolean;
  contentType: string | undefined;
  etag: string | undefined;
  lastModified: string | undefined;
  body: Buffer;
  /** The body as text, decoded by its declared or sniffed charset. */
  text(): string;
}

export interface HttpClient {
  get(url: string, options?: GetOptions): Promise<HttpResponse>;
  close(): Promise<void>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** GET with kaiku's limits: a deadline, a size cap (after decompression), a redirect cap, no private addresses. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const policy = options.addressPolicy ?? isPublicAddress;
  const agent = new Agent({
    connect: options.allowPrivateAddresses ? { timeout: options.timeoutMs } : { timeout: options.timeoutMs, lookup: createGuardedLookup(policy) as never },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 10_000,
  });

  async function get(startUrl: string, getOptions: GetOptions = {}): Promise<HttpResponse> {
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const signal = getOptions.signal ? AbortSignal.any([deadline, getOptions.signal]) : deadline;
    const visited = new Set<string>();
    let current = parseUrl(startUrl);

    for (let hop = 0; ; hop++) {
      visited.add(current.href);
      if (!options.allowPrivateAddresses) checkLiteralAddress(current, policy);
      const headers: Record<string, string> = {
        'user-agent': options.userAgent,
        accept: getOptions.accept ?? '*/*',
        'accept-encoding': 'gzip, deflate, br',
        ...getOptions.headers,
      };
      // Validators belong to the URL they came from; a redirect elsewhere starts fresh.
      const validatorsHere = getOptions.validatorsUrl ? sameUrl(current.href, getOptions.validatorsUrl) : hop === 0;
      if (validatorsHere && getOptions.etag) headers['if-none-match'] = getOptions.etag;
      if (validatorsHere && getOptions.lastModified) headers['if-modified-since'] = getOptions.lastModified;

      const result = await options.limiter.run(current.host, async () => {
        try {
          const response = await request(current, { method: 'GET', headers, signal, dispatcher: agent });
          const status = response.statusCode;
          const header = (name: string) => {
            const value = response.headers[name];
            return Array.isArray(value) ? value[0] : value;
          };
          if (REDIRECTS.has(status)) {
            await response.body.dump();
            return { redirect: header('location'), status };
          }
          if (status === 304) {
            await response.body.dump();
            return { status, body: Buffer.alloc(0), header };
          }
          if (status < 200 || status > 299) {
            await response.body.dump().catch(() => undefined);
            throw new FetchError('http-status', `the server answered HTTP ${status}`, current.href, status);
          }
          const length = Number(header('content-length'));
          if (Number.isFinite(length) && length > options.maxBytes && !header('content-encoding')) {
            response.body.destroy();
            throw tooLarge(current.href, options.maxBytes);
          }
          const body = await readLimited(response.body, header('content-encoding'), options.maxBytes, current.href);
          return { status, body, header };
        } catch (error) {
          throw toFetchError(error, current.href, deadline, options.timeoutMs);
        }
      });

      if ('redirect' in result) {
        if (!result.redirect) throw new FetchError('http-status', `the server answered HTTP ${result.status} without a Location`, current.href, result.status);
        const next = parseUrl(result.redirect, current);
        if (visited.has(next.href)) throw new FetchError('redirect-loop', `redirect loop: ${next.href} redirects back to itself`, startUrl);
        if (hop + 1 > options.maxRedirects) {
          throw new FetchError('too-many-redirects', `more than ${options.maxRedirects} redirects (last to ${next.href})`, startUrl);
        }
        current = next;
        continue;
      }

      const contentType = result.header('content-type');
      const body = result.body;
      return {
        url: current.href,
        status: result.status,
        notModified: result.status === 304,
        contentType,
        etag: result.header('etag'),
        lastModified: result.header('last-modified'),
        body,
        text: () => decodeBody(body, contentType, { maxBytes: options.maxBytes }),
      };
    }
  }

  return { get, close: () => agent.close() };
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

function parseUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FetchError('bad-url', `"${raw}" is not a URL`, raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('bad-url', `only http:// and https:// URLs can be fetched, not ${url.protocol}`, raw);
  }
  if (url.username || url.password) throw new FetchError('bad-url', 'URLs with a user name or password are refused', url.origin);
  return url;
}

function checkLiteralAddress(url: URL, allowed: AddressPolicy): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // Names are checked when they resolve, at connect time (createGuardedLookup); literals never resolve.
  if (isIP(host) && !allowed(host)) throw blocked(new BlockedAddressError(host, host), url.href);
}

function blocked(error: BlockedAddressError, url: string): FetchError {
  return new FetchError('blocked-address', `refused to fetch ${url}: ${error.message} (allow it with allowPrivateAddresses: true on the source)`, url);
}

function tooLarge(url: string, maxBytes: number): FetchError {
  return new FetchError('too-large', `the answer is larger than ${formatBytes(maxBytes)} (fetch.maxBytes)`, url);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} kB`;
}

async function readLimited(body: Readable, encoding: string | undefined, maxBytes: number, url: string): Promise<Buffer> {
  const decoder = decompressor(encoding);
  const stream: Readable = decoder ? body.pipe(decoder) : body;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw tooLarge(url, maxBytes);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    body.destroy();
    decoder?.destroy();
    throw error;
  }
  return Buffer.concat(chunks, size);
}

function decompressor(encoding: string | undefined) {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

function toFetchError(error: unknown, url: string, deadline: AbortSignal, timeoutMs: number): Error {
  if (error instanceof FetchError) return error;
  const candidate = error as { code?: string; name?: string; message?: string; cause?: unknown };
  const root = findBlocked(error);
  if (root) return blocked(root, url);
  if (
    deadline.aborted ||
    candidate.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    candidate.code === 'UND_ERR_BODY_TIMEOUT' ||
    candidate.code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return new FetchError('timeout', `no complete answer within ${Math.round(timeoutMs / 1000)} s (fetch.timeout)`, url);
  }
  if (candidate.name === 'AbortError' || candidate.code === 'UND_ERR_ABORTED') return error as Error;
  const code = candidate.code ?? (candidate.cause as { code?: string } | undefined)?.code;
  const reason =
    code === 'ENOTFOUND'
      ? `the host ${safeHost(url)} does not exist (DNS)`
      : code === 'ECONNREFUSED'
        ? `${safeHost(url)} refused the connection`
        : (candidate.message ?? String(error));
  return new FetchError('network', reason, url);
}

function findBlocked(error: unknown): BlockedAddressError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof BlockedAddressError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
