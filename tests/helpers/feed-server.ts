import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * A loopback HTTP server standing in for the feeds of the world: routes are set per test, every
 * request is counted, and `feed()` answers conditional GETs with 304 like a well-behaved server.
 */
export class FeedServer {
  readonly #routes = new Map<string, Handler>();
  readonly #hits = new Map<string, number>();
  readonly #sockets = new Set<import('node:net').Socket>();
  #server: Server | undefined;
  #port = 0;
  #host = '127.0.0.1';

  static async start(host = '127.0.0.1'): Promise<FeedServer> {
    const server = new FeedServer();
    server.#host = host;
    await server.#listen(host);
    return server;
  }

  get origin(): string {
    return `http://${this.#host}:${this.#port}`;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  route(path: string, handler: Handler): this {
    this.#routes.set(path, handler);
    return this;
  }

  /** Serves `body` with an ETag and Last-Modified, answering 304 to a matching conditional GET. */
  feed(path: string, body: string | (() => string), contentType = 'application/rss+xml; charset=utf-8', options: { validators?: boolean } = {}): this {
    return this.route(path, (req, res) => {
      const text = typeof body === 'function' ? body() : body;
      const etag = `"${createHash('sha1').update(text).digest('hex').slice(0, 16)}"`;
      const validators = options.validators ?? true;
      if (validators && req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': contentType, ...(validators ? { etag, 'last-modified': 'Fri, 20 Nov 2026 10:00:00 GMT' } : {}) });
      res.end(text);
    });
  }

  hits(path: string): number {
    return this.#hits.get(path) ?? 0;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }

  #listen(host: string): Promise<void> {
    this.#server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      this.#hits.set(path, (this.#hits.get(path) ?? 0) + 1);
      const handler = this.#routes.get(path);
      if (!handler) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
        return;
      }
      Promise.resolve(handler(req, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(error));
      });
    });
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    return new Promise((resolve) =>
      this.#server!.listen(0, host, () => {
        const address = this.#server!.address();
        this.#port = typeof address === 'object' && address ? address.port : 0;
        resolve();
      }),
    );
  }
}
