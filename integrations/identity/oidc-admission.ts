import type { KaikuConfig } from '../../config/schema.js';
import type { AdminEntry } from '../../model/admin.js';

// Who an ID token's person is to kaiku: a configured admin (by email, or by the claim auth.oidc.matchClaim
// names, such as Entra's `oid`), and, when auth.oidc.groups is set, only a member of one of those groups.

/** Why the programme's rule refused a person the provider signed in, as data (the console says it in the browser's language). */
export type AdmissionRefusal =
  | { kind: 'groups overage' }
  | { kind: 'email not verified' }
  | { kind: 'not an admin'; program: string }
  | { kind: 'not in a group'; program: string }
  | { kind: 'no email' }
  | { kind: 'another admin'; email: string; claim: string };

export type Admission =
  { ok: true; email: string; name: string; admitted?: { name: string; group: string } } | { ok: false; reason: string; refusal: AdmissionRefusal; log: string };

/**
 * Decides whether the verified claims of an ID token open an admin session. The claims' signature, issuer,
 * audience, expiry and nonce were checked before (oidc-client.ts); this is the programme's own rule.
 *
 * @example
 * admit({ email: 'ulla@vantaa.fi', groups: ['5a7f…'] }, config) // → { ok: true, email: 'ulla@vantaa.fi', name: 'Ulla' }
 */
export function admit(
  claims: Record<string, unknown>,
  config: KaikuConfig,
  admins: readonly Pick<AdminEntry, 'email' | 'name' | 'oidcId'>[] = config.admins,
): Admission {
  const settings = config.auth.oidc!;
  const names = claims._claim_names as Record<string, unknown> | undefined;
  if (settings.groups.length > 0 && names && settings.groupsClaim in names) {
    return {
      ok: false,
      reason:
        'your account is in so many groups that the provider sent a link to them instead of the list. Ask IT to send only the groups assigned to this application',
      refusal: { kind: 'groups overage' },
      log: 'groups overage',
    };
  }
  if (claims.email_verified === false) {
    return { ok: false, reason: 'the provider says your email address is not verified', refusal: { kind: 'email not verified' }, log: 'email not verified' };
  }
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined;
  const value = claims[settings.matchClaim];
  const key = typeof value === 'string' ? value.trim() : undefined;
  const admin = key ? admins.find((a) => (settings.matchClaim === 'email' ? a.email === key.toLowerCase() : a.oidcId === key)) : undefined;

  if (settings.groups.length === 0) {
    if (admin) return { ok: true, email: admin.email, name: admin.name };
    return {
      ok: false,
      reason: `you are not an admin of ${config.program.name}`,
      refusal: { kind: 'not an admin', program: config.program.name },
      log: key ? 'not an admin' : `no ${settings.matchClaim} claim`,
    };
  }

  const listed = claims[settings.groupsClaim];
  const memberOf = new Set(Array.isArray(listed) ? listed.filter((g): g is string => typeof g === 'string') : []);
  const group = settings.groups.find((g) => memberOf.has(g.id));
  if (!group)
    return {
      ok: false,
      reason: `you are not in a group that may sign in to ${config.program.name}`,
      refusal: { kind: 'not in a group', program: config.program.name },
      log: 'not in an admin group',
    };
  if (admin) return { ok: true, email: admin.email, name: admin.name };
  if (!email)
    return { ok: false, reason: 'the provider sent no email address for you', refusal: { kind: 'no email' }, log: 'admitted by group, no email claim' };
  // An address under admins: whose claim did not match is not taken over by the group's word.
  if (admins.some((a) => a.email === email)) {
    return {
      ok: false,
      reason: `${email} is an admin whose ${settings.matchClaim} is a different one`,
      refusal: { kind: 'another admin', email, claim: settings.matchClaim },
      log: 'email of another admin',
    };
  }
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
  return { ok: true, email, name, admitted: { name, group: group.id } };
}
