import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AdvocateRow } from '../../db/schema.js';
import { LANGUAGES, type AdvocateInput } from '../../model/advocate.js';
import { NETWORKS, NETWORK_NAMES } from '../../rules/captions/caption-limits.js';
import { checkAdvocate, splitList, type AdvocateProblem } from '../../rules/advocates/roster.js';
import type { ConsoleStrings } from './console-strings.js';

// The console's advocate form (add and edit): read by the roster's own schema, so a field is refused for the very
// reasons `kaiku advocates import` refuses a CSV cell (in English, in its words), shown beside the field it is about.
// Its labels and refusals are the catalogue's `advocateForm` words in the admin's language (issue 17).

/** The advocate form's and page's words in one language. */
export type AdvocateFormWords = ConsoleStrings['advocateForm'];

/** Where an advocate stands, in a word the page and the trail both use (the page says it in the admin's language). */
export type AdvocateState = 'active' | 'paused' | 'bouncing' | 'unsubscribed' | 'removed' | 'erased';

/** A field's problem in `words`' language: the roster's English, or the kind and value said in Finnish or Swedish. */
export function problemText(problem: AdvocateProblem, words: AdvocateFormWords): string {
  return words.problem(problem, words.fieldNames[problem.field as keyof typeof words.fieldNames] ?? problem.field);
}

/** The form's fields as typed, to draw it again after a refusal. */
export interface AdvocateFields {
  email: string;
  name: string;
  language: string;
  timeZone: string;
  branch: string;
  topics: string;
  networks: string[];
}

export type AdvocateFormResult =
  { ok: true; advocate: AdvocateInput } | { ok: false; fields: AdvocateFields; errors: Partial<Record<keyof AdvocateFields, string>> };

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Reads and checks a posted advocate form (`email` is the advocate's own on an edit); each field's error in `words`. */
export function readAdvocateForm(body: Record<string, unknown>, words: AdvocateFormWords, email?: string): AdvocateFormResult {
  const networks = ([] as unknown[]).concat(body['networks'] ?? []).filter((n): n is string => typeof n === 'string');
  const fields: AdvocateFields = {
    email: email ?? text(body['email']).slice(0, 320),
    name: text(body['name']).slice(0, 200),
    language: text(body['language']),
    timeZone: text(body['timeZone']).slice(0, 100),
    branch: text(body['branch']).slice(0, 200),
    topics: text(body['topics']).slice(0, 2000),
    networks,
  };
  const parsed = checkAdvocate({
    email: fields.email,
    name: fields.name,
    language: fields.language,
    timeZone: fields.timeZone,
    branch: fields.branch,
    topics: splitList(fields.topics),
    // None ticked: the roster's default, as an empty CSV cell gets.
    networks: networks.length ? networks : undefined,
  });
  if (parsed.ok) return { ok: true, advocate: parsed.advocate };
  const errors: AdvocateFormResult & { ok: false } = { ok: false, fields, errors: {} };
  for (const problem of parsed.problems) errors.errors[problem.field as keyof AdvocateFields] ??= problemText(problem, words);
  return errors;
}

/**
 * The fields a directory owns of an advocate it provisions (SCIM): its next update would overwrite an edit made here,
 * so the console shows them read-only and keeps the stored values whatever is posted. The language is the directory's
 * only until the advocate picks their own on their preferences page.
 */
export function directoryFields(a: AdvocateRow, managed: boolean): ReadonlySet<keyof AdvocateFields> {
  if (!managed) return new Set();
  return new Set<keyof AdvocateFields>(a.prefs_updated_at ? ['name', 'timeZone', 'branch'] : ['name', 'timeZone', 'branch', 'language']);
}

/** A posted edit with the directory's fields put back to what is stored. */
export function keepDirectoryFields(body: Record<string, unknown>, a: AdvocateRow, locked: ReadonlySet<keyof AdvocateFields>): Record<string, unknown> {
  const stored = fieldsOf(a);
  return { ...body, ...Object.fromEntries([...locked].map((key) => [key, stored[key]])) };
}

/** The fields of a stored advocate, to fill the edit form. */
export function fieldsOf(a: AdvocateRow): AdvocateFields {
  return {
    email: a.email,
    name: a.name,
    language: a.language,
    timeZone: a.time_zone,
    branch: a.branch ?? '',
    topics: a.topics.join(', '),
    networks: a.networks,
  };
}

/**
 * The form's fields; `withEmail` on the add form (an address is who an advocate is: it is not edited); `locked` fields
 * (a directory's, see `directoryFields`) are shown read-only with the reason. The digest languages are named by
 * `languageName` (suomi, finska, Finnish); each option posts its code.
 */
export function advocateFields(
  fields: AdvocateFields,
  errors: Partial<Record<keyof AdvocateFields, string>>,
  withEmail: boolean,
  words: AdvocateFormWords,
  languageName: (code: string) => string,
  locked: ReadonlySet<keyof AdvocateFields> = new Set(),
): HtmlEscapedString | Promise<HtmlEscapedString> {
  const label = words.labels;
  const problem = (key: keyof AdvocateFields) => (errors[key] ? html`<p class="error" id="${key}-error">${errors[key]}</p>` : '');
  const described = (key: keyof AdvocateFields) =>
    errors[key] ? html`aria-invalid="true" aria-describedby="${key}-error"` : locked.has(key) ? html`readonly aria-describedby="directory-note"` : '';
  const language = locked.has('language')
    ? html`<select id="language" disabled aria-describedby="directory-note">
          <option value="${fields.language}" selected>${languageName(fields.language)}</option>
        </select>
        <input type="hidden" name="language" value="${fields.language}" />`
    : html`<select id="language" name="language" ${described('language')}>
        ${LANGUAGES.map((l) => html`<option value="${l}" ${l === fields.language ? 'selected' : ''}>${languageName(l)}</option>`)}
      </select>`;
  return html`${
      locked.size > 0 ? html`<p class="notice" id="directory-note">${words.directory([...locked].map((key) => words.fieldNames[key]).join(', '))}</p>` : ''
    }${
      withEmail
        ? html`<label for="email">${label.email}</label>
            <input type="text" id="email" name="email" value="${fields.email}" autocomplete="off" ${described('email')} />${problem('email')}`
        : ''
    }
    <label for="name">${label.name}</label>
    <input type="text" id="name" name="name" value="${fields.name}" ${described('name')} />${problem('name')}
    <label for="language">${label.language}</label>
    ${language} ${problem('language')}
    <label for="timeZone">${label.timeZone}</label>
    <input type="text" id="timeZone" name="timeZone" value="${fields.timeZone}" ${described('timeZone')} />${problem('timeZone')}
    <label for="branch">${label.branch}</label>
    <input type="text" id="branch" name="branch" value="${fields.branch}" ${described('branch')} />${problem('branch')}
    <label for="topics">${label.topics}</label>
    <input type="text" id="topics" name="topics" value="${fields.topics}" ${described('topics')} />${problem('topics')}
    <fieldset ${described('networks')}>
      <legend>${label.networks}</legend>
      ${NETWORKS.map(
        (n) =>
          html`<label class="check"
            ><input type="checkbox" name="networks" value="${n}" ${fields.networks.includes(n) ? 'checked' : ''} /> ${NETWORK_NAMES[n]}</label
          >`,
      )}
    </fieldset>
    ${problem('networks')}`;
}
