import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { z } from 'zod';
import { adminSchema } from '../../config/schema.js';
import type { ConsoleAdminInput } from '../../db/queries/admins.js';
import type { ConsoleAdminRow } from '../../db/schema.js';
import { ADMIN_ROLES, type AdminRole } from '../../model/admin.js';
import { splitList } from '../../rules/advocates/roster.js';
import { CONSOLE_STRINGS, type ConsoleStrings } from './console-strings.js';

// The console's form for an admin, approver or analyst: read with kaiku.yaml's own schema for admins (in English the
// same error texts as a config file gets), plus whether they back up the approvers. Its labels and errors are the
// catalogue's `people` words in the admin's language (issue 17), the roles named as the `roles` section names them.

/** The form's words in one language. */
export type PeopleWords = ConsoleStrings['people'];

export interface AdminFields {
  email: string;
  name: string;
  role: string;
  topics: string;
  backup: string;
  approvalMail: string;
  slackUserId: string;
}
export type AdminFieldName = keyof AdminFields;
export type AdminErrors = Partial<Record<AdminFieldName, string>>;

const FIELDS: (keyof AdminFields)[] = ['email', 'name', 'role', 'topics', 'backup', 'approvalMail', 'slackUserId'];

const formSchema = adminSchema.pick({ name: true, email: true, role: true, topics: true, approvalMail: true, slackUserId: true }).extend({
  name: z.string().trim().min(1, 'give their name, as approvers and the trail will show it').max(200, 'a name has at most 200 characters'),
  backup: z.boolean(),
});

/** The posted fields, as typed (to show again beside their errors). */
export function adminFieldsOf(body: Record<string, unknown>): AdminFields {
  const text = (key: keyof AdminFields) => (typeof body[key] === 'string' ? (body[key] as string).trim().slice(0, 2000) : '');
  return Object.fromEntries(FIELDS.map((key) => [key, text(key)])) as unknown as AdminFields;
}

export function fieldsOfRow(row: ConsoleAdminRow): AdminFields {
  return {
    email: row.email,
    name: row.name,
    role: row.role,
    topics: row.topics.join(', '),
    backup: row.backup ? 'on' : '',
    approvalMail: row.approval_mail,
    slackUserId: row.slack_user_id ?? '',
  };
}

export const EMPTY_ADMIN: AdminFields = { email: '', name: '', role: 'approver', topics: '', backup: '', approvalMail: 'each', slackUserId: '' };

/** The form checked: the input to store, or each field's error in `words` (English unless given). */
export function readAdminForm(
  fields: AdminFields,
  words: PeopleWords = CONSOLE_STRINGS.en.people,
): { ok: true; input: ConsoleAdminInput } | { ok: false; errors: AdminErrors } {
  const t = words.errors;
  const parsed = formSchema.safeParse({
    name: fields.name,
    email: fields.email,
    role: fields.role || undefined,
    topics: splitList(fields.topics),
    approvalMail: fields.approvalMail || undefined,
    slackUserId: fields.slackUserId || undefined,
    backup: fields.backup === 'on',
  });
  if (!parsed.success) {
    const errors: AdminErrors = {};
    for (const issue of parsed.error.issues) {
      const key = (FIELDS.includes(issue.path[0] as keyof AdminFields) ? issue.path[0] : 'name') as keyof AdminFields;
      errors[key] ??= t.schema(key, issue.code, issue.message); // in English the schema's own words, as kaiku.yaml's admins get them
    }
    return { ok: false, errors };
  }
  const data = parsed.data;
  if (data.role !== 'approver' && data.topics.length > 0) return { ok: false, errors: { topics: t.topicsNotApprover } };
  if (data.role === 'analyst' && data.backup) return { ok: false, errors: { backup: t.analystBackup } };
  return {
    ok: true,
    input: {
      email: data.email,
      name: data.name,
      role: data.role,
      topics: data.topics,
      backup: data.backup,
      approvalMail: data.approvalMail,
      slackUserId: data.slackUserId ?? null,
    },
  };
}

/** What the trail records of a console admin. */
export function recordedAdmin(input: Omit<ConsoleAdminInput, 'email'>): Record<string, unknown> {
  return { name: input.name, role: input.role, topics: input.topics, backup: input.backup, approvalMail: input.approvalMail, slackUserId: input.slackUserId };
}

/** The form's fields, in `words`, each role named by `roleNames`; the address only when adding (it names them for good). */
export function adminFields(
  fields: AdminFields,
  errors: AdminErrors,
  withEmail: boolean,
  words: PeopleWords,
  roleNames: Record<AdminRole, string>,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  const label = words.labels;
  const problem = (key: keyof AdminFields) => (errors[key] ? html`<p class="error" id="${key}-error">${errors[key]}</p>` : '');
  const invalid = (key: keyof AdminFields) => (errors[key] ? html`aria-invalid="true" aria-describedby="${key}-error"` : '');
  const input = (key: keyof AdminFields, label: string, type = 'text', autocomplete = 'off') =>
    html`<label for="${key}">${label}</label>
      <input type="${type}" id="${key}" name="${key}" value="${fields[key]}" autocomplete="${autocomplete}" ${invalid(key)} />${problem(key)}`;
  return html`${withEmail ? input('email', label.email, 'email', 'email') : ''} ${input('name', label.name, 'text', 'name')}
    <fieldset ${invalid('role')}>
      <legend>${label.role}</legend>
      ${ADMIN_ROLES.map(
        (role) =>
          html`<label class="choice"
            ><input type="radio" name="role" value="${role}" ${fields.role === role ? 'checked' : ''} />
            ${words.role(roleNames[role], words.roleDoes[role])}</label
          >`,
      )}
    </fieldset>
    ${problem('role')} ${input('topics', label.topics)}
    <label class="choice"
      ><input type="checkbox" id="backup" name="backup" ${fields.backup === 'on' ? 'checked' : ''} ${invalid('backup')} /> ${label.backup}</label
    >${problem('backup')}
    <fieldset ${invalid('approvalMail')}>
      <legend>${label.approvalMail}</legend>
      <label class="choice"><input type="radio" name="approvalMail" value="each" ${fields.approvalMail !== 'daily' ? 'checked' : ''} /> ${label.each}</label>
      <label class="choice"><input type="radio" name="approvalMail" value="daily" ${fields.approvalMail === 'daily' ? 'checked' : ''} /> ${label.daily}</label>
    </fieldset>
    ${problem('approvalMail')} ${input('slackUserId', label.slackUserId)}`;
}
