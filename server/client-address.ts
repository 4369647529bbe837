import type { Context } from 'hono';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * The address of the client behind this request. X-Forwarded-For is believed only when the peer is a reverse
 * proxy on this machine (loopback); from anyone else it could be invented to dodge a limit or fake visitors.
 */
export function clientAddress(c: Context): string {
  const peer = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? '';
  const forwarded = LOOPBACK.test(peer) ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return forwarded || peer;
}
