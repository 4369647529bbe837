import type { KaikuConfig } from '../../config/schema.js';
import type { AdvocateRow, ScimGroupRow, ScimUserRow } from '../../db/schema.js';
import type { DirectoryUser } from '../../db/queries/advocates.js';
import { LANGUAGES, type Language } from '../../model/advocate.js';
import { advocateInputSchema } from '../../rules/advocates/roster.js';

// What a directory's SCIM user and group are to kaiku: a user is an advocate (checked by the roster's own schema,
// the same as a CSV row or the preferences form), a group gives its members a branch or topics (`scim:` in the config).

export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A SCIM user as SCIMMY coerced it (only the attributes kaiku reads). */
export interface ScimUserInput {
  userName?: string;
  externalId?: string;
  active?: boolean;
  displayName?: string;
  preferredLanguage?: string;
  timezone?: string;
  name?: { formatted?: string; givenName?: string; familyName?: string };
  emails?: { value?: string; type?: string; primary?: boolean }[];
  addresses?: { type?: string; formatted?: string; locality?: string; primary?: boolean }[];
  [ENTERPRISE_USER]?: { department?: string };
}

export type Mapped = { ok: true; user: DirectoryUser } | { ok: false; detail: string };

/** `fi-FI`, `sv_SE`, `da` → the language kaiku writes digests in; anything else → undefined. */
export function languageOf(tag: string | undefined): Language | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : undefined;
}

/**
 * A SCIM user → the advocate kaiku stores. The email is the primary (or work) email, else a userName that is an
 * address; the name is `name.formatted`, else given + family name, else `displayName`.
 *
 * @example
 * mapUser({ userName: 'aino@vantaa.fi', name: { givenName: 'Aino', familyName: 'Virtanen' }, preferredLanguage: 'fi-FI' }, config)
 */
export function mapUser(input: ScimUserInput, config: KaikuConfig): Mapped {
  if (!input.userName?.trim()) return { ok: false, detail: 'userName is required (Entra maps userPrincipalName to it)' };
  const emails = input.emails ?? [];
  const email = (emails.find((e) => e.primary) ?? emails.find((e) => e.type === 'work') ?? emails[0])?.value ?? input.userName;
  const given = [input.name?.givenName, input.name?.familyName].filter(Boolean).join(' ');
  const name = input.name?.formatted?.trim() || given || input.displayName?.trim() || input.userName;
  const work = input.addresses?.find((a) => a.primary) ?? input.addresses?.find((a) => a.type === 'work');
  const branchAttribute =
    config.scim.branchFrom === 'department'
      ? (input[ENTERPRISE_USER]?.department?.trim() ?? null)
      : config.scim.branchFrom === 'office'
        ? (work?.formatted?.trim() ?? work?.locality?.trim() ?? null)
        : null;
  const parsed = advocateInputSchema.safeParse({
    email,
    name,
    language: languageOf(input.preferredLanguage) ?? config.scim.defaultLanguage ?? languageOf(config.program.defaultLanguage) ?? 'en',
    timeZone: input.timezone?.trim() || config.scim.defaultTimeZone || config.program.timeZone,
    branch: branchAttribute ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const attribute = { email: 'emails (or userName)', name: 'name', language: 'preferredLanguage', timeZone: 'timezone', branch: 'department' }[
      String(issue.path[0]) as 'email'
    ];
    return { ok: false, detail: `${attribute ?? String(issue.path[0])}: ${issue.message}` };
  }
  return {
    ok: true,
    user: {
      advocate: parsed.data,
      userName: input.userName.trim(),
      externalId: input.externalId?.trim() || null,
      active: input.active ?? true,
      branchAttribute: parsed.data.branch,
    },
  };
}

/** An advocate as SCIM shows it. */
export function userResource(advocate: AdvocateRow, scim: ScimUserRow, groups: ScimGroupRow[]) {
  return {
    id: String(advocate.id),
    userName: scim.user_name,
    ...(scim.external_id ? { externalId: scim.external_id } : {}),
    active: scim.active,
    displayName: advocate.name,
    name: { formatted: advocate.name },
    preferredLanguage: advocate.language,
    timezone: advocate.time_zone,
    emails: [{ value: advocate.email, type: 'work', primary: true }],
    groups: groups.map((g) => ({ value: String(g.id), display: g.display_name })),
    meta: { resourceType: 'User', created: scim.created_at, lastModified: scim.updated_at },
  };
}

/** The branch and the group-given topics of one group, as the config says (undefined: the group gives nothing). */
function groupGives(group: ScimGroupRow, config: KaikuConfig): { branch?: string; topics: string[] } {
  const named = config.scim.groups.find((g) => g.group === group.display_name || (group.external_id !== null && g.group === group.external_id));
  if (named) return { ...(named.branch ? { branch: named.branch } : {}), topics: named.topics };
  if (config.scim.groupsAs === 'branch') return { branch: group.display_name, topics: [] };
  if (config.scim.groupsAs === 'topics') return { topics: [group.display_name.trim().toLowerCase()] };
  return { topics: [] };
}

/**
 * An advocate's branch and topics after a change of their groups: the first group (by name) that gives a branch
 * wins over the user's own department or office; the topics any known group gives are the directory's, so leaving
 * the group takes its topic away, and the topics the advocate chose themselves stay.
 */
export function placement(
  memberOf: ScimGroupRow[],
  allGroups: ScimGroupRow[],
  config: KaikuConfig,
  current: { topics: string[]; branchAttribute: string | null },
): { branch: string | null; topics: string[] } {
  const sorted = [...memberOf].sort((a, b) => a.display_name.localeCompare(b.display_name));
  const branch = sorted.map((g) => groupGives(g, config).branch).find((b) => b !== undefined) ?? current.branchAttribute;
  const directoryTopics = new Set(allGroups.flatMap((g) => groupGives(g, config).topics));
  const own = current.topics.filter((t) => !directoryTopics.has(t));
  return { branch, topics: [...new Set([...own, ...sorted.flatMap((g) => groupGives(g, config).topics)])] };
}
