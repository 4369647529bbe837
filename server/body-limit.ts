import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** The whole server's request-body limit; routes that expect less set their own below it. */
export const MAX_REQUEST_BODY = 1024 * 1024;
/** kaiku's own forms: a caption per network and a reason fit well within this. */
export const MAX_FORM_BODY = 64 * 1024;

/**
 * Refuses a body over `maxSize` with 413 while it is read: at once when Content-Length says so, or as soon
 * as a chunked body passes the limit, so nothing larger is ever held in memory. The connection is closed
 * rather than drained, so a client cannot keep the server reading the rest.
 */
export function limitBody(maxSize: number, what: string): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) =>
      c.text(`The request is larger than the ${Math.round(maxSize / 1024)} KB kaiku accepts for ${what}; nothing was read or changed.`, 413, {
        connection: 'close',
      }),
  });
}
