import type { AdminRole } from '../model/admin.js';

// What each role may open in the console. An admin opens everything; an approver the items (deciding, scheduling,
// pinning and retracting those that are theirs: admin-items.ts asks whose they are), the leaderboards and analytics;
// an analyst the leaderboards and analytics; every role signs out and picks its console language. Anything not listed
// is an admin's, so a new page is closed by default.

const READ_ONLY = [/^\/leaderboards$/, /^\/analytics(\/[^/]+)?$/];
const APPROVER_GET = [/^\/$/, /^\/items\/[^/]+$/, ...READ_ONLY];
const APPROVER_POST = [/^\/items\/[^/]+\/(decide|schedule|pin|unpin|retract|restore)$/, /^\/logout$/, /^\/language$/];

/** Whether `role` may make this request; `path` is relative to /admin ('/', '/items/42'). */
export function mayOpen(role: AdminRole, method: string, path: string): boolean {
  if (role === 'admin') return true;
  const get = method === 'GET' || method === 'HEAD';
  if (role === 'approver') return (get ? APPROVER_GET : APPROVER_POST).some((pattern) => pattern.test(path));
  return get ? READ_ONLY.some((pattern) => pattern.test(path)) : path === '/logout' || path === '/language';
}

/** Where a role lands after signing in, and where `/admin` takes an analyst. */
export function homeOf(role: AdminRole): string {
  return role === 'analyst' ? '/admin/analytics' : '/admin';
}
