import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { describeIssue } from '../../config/errors.js';
import {
  buildSourceSchema,
  notAnAdmin,
  SOURCE_BASE_KEYS,
  KAIKU_SOURCE_IDS,
  ownSourceIdTaken,
  type ConfiguredSource,
  type KaikuConfig,
} from '../../config/schema.js';
import { formatDuration } from '../../config/units.js';
import type { SourceKinds } from '../../model/source.js';
import { splitList } from '../../rules/advocates/roster.js';

// The console's source form (add and edit): the fields become a `sources:` entry of kaiku.yaml and are read by the
// config's own source schema, so a field is refused with the very words `kaiku check` would print for that key,
// shown beside the field it is about. What the config checks across entries (an approver must be an admin, the id
// `suggestions` is kaiku's) is checked here with the same words; an id kaiku.yaml uses is refused.

/** The form's fields as typed, to draw it again after a refusal. */
export interface SourceFields {
  id: string;
  name: string;
  kind: string;
  url: string;
  topics: string;
  language: string;
  pollEvery: string;
  approvers: string;
  contentType: string;
  priority: string;
  /** The kind's own keys, as YAML (html-listing's selectors); empty for a feed. */
  options: string;
}

export type SourceErrors = Partial<Record<keyof SourceFields, string>>;

export type SourceFormResult = { ok: true; source: ConfiguredSource; fields: SourceFields } | { ok: false; fields: SourceFields; errors: SourceErrors };

const FIELDS = new Set<string>(['id', 'name', 'kind', 'url', 'topics', 'language', 'pollEvery', 'approvers', 'contentType', 'priority']);
const text = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '');

/** The fields of a posted form; `id` is the source's own on an edit (an id names its Schedule and items: it is not edited). */
export function sourceFieldsOf(body: Record<string, unknown>, id?: string): SourceFields {
  return {
    id: id ?? text(body['id'], 100),
    name: text(body['name'], 200),
    kind: text(body['kind'], 60),
    url: text(body['url'], 2000),
    topics: text(body['topics'], 2000),
    language: text(body['language'], 20),
    pollEvery: text(body['pollEvery'], 60),
    approvers: text(body['approvers'], 2000),
    contentType: text(body['contentType'], 60),
    priority: text(body['priority'], 20),
    options: typeof body['options'] === 'string' ? body['options'].slice(0, 5000) : '',
  };
}

/**
 * Reads and checks a posted source form. `enabled` is kept from the stored source on an edit (pausing is its own
 * button); `takenIds` are the ids of every other row and of kaiku.yaml's sources, with who holds each.
 */
export function readSourceForm(
  fields: SourceFields,
  context: { registry: SourceKinds; config: Pick<KaikuConfig, 'admins' | 'sources'>; enabled: boolean; taken?: (id: string) => string | undefined },
): SourceFormResult {
  const errors: SourceErrors = {};
  const entry: Record<string, unknown> = {};
  if (fields.options.trim()) {
    let own: unknown;
    try {
      own = parseYaml(fields.options);
    } catch (error) {
      errors.options = `is not YAML kaiku can read: ${(error as Error).message.split('\n')[0]}`;
    }
    if (own !== undefined && own !== null && (typeof own !== 'object' || Array.isArray(own))) errors.options = 'expected a map of keys (selectors:, ...)';
    else if (own) {
      const base = Object.keys(own).filter((key) => SOURCE_BASE_KEYS.has(key));
      if (base.length)
        errors.options = `${base.join(', ')} ${base.length === 1 ? 'has its' : 'have their'} own field above; leave ${base.length === 1 ? 'it' : 'them'} out of the options`;
      else Object.assign(entry, own);
    }
  }
  Object.assign(entry, {
    id: fields.id,
    kind: fields.kind,
    url: fields.url,
    ...(fields.name ? { name: fields.name } : {}),
    topics: splitList(fields.topics),
    ...(fields.language ? { language: fields.language } : {}),
    ...(fields.pollEvery ? { pollEvery: fields.pollEvery } : {}),
    approvers: splitList(fields.approvers),
    ...(fields.contentType ? { contentType: fields.contentType } : {}),
    // A number where one was typed; otherwise the text, for the schema to name.
    ...(fields.priority ? { priority: /^-?\d+$/.test(fields.priority) ? Number(fields.priority) : fields.priority } : {}),
    enabled: context.enabled,
  });
  const parsed = buildSourceSchema(context.registry).safeParse(entry, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = (FIELDS.has(String(issue.path[0])) ? String(issue.path[0]) : 'options') as keyof SourceFields;
      errors[key] ??= describeIssue(issue);
    }
  }
  if (KAIKU_SOURCE_IDS.has(fields.id)) errors.id ??= ownSourceIdTaken(fields.id);
  if (context.config.sources.some((source) => source.settings.id === fields.id))
    errors.id ??= `id "${fields.id}" is set in kaiku.yaml; give this source another id`;
  const holder = context.taken?.(fields.id);
  if (holder !== undefined) errors.id ??= `id "${fields.id}" is already used by the source "${holder}"; every source needs its own id`;
  const admins = new Set(context.config.admins.map((admin) => admin.email));
  const stranger = splitList(fields.approvers).find((email) => !admins.has(email));
  if (stranger && !errors.approvers) errors.approvers = notAnAdmin(stranger);
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, fields, errors };
  return { ok: true, source: parsed.data as ConfiguredSource, fields };
}

/** The fields of a stored source, to fill the edit form. */
export function fieldsOfSource(source: ConfiguredSource): SourceFields {
  const { settings, options } = source;
  const own = options && typeof options === 'object' && Object.keys(options).length ? stringifyYaml(options).trimEnd() : '';
  return {
    id: settings.id,
    name: settings.name,
    kind: settings.kind,
    url: settings.url,
    topics: settings.topics.join(', '),
    language: settings.language ?? '',
    pollEvery: formatDuration(settings.pollEveryMs),
    approvers: settings.approvers.join(', '),
    contentType: settings.contentType ?? '',
    priority: String(settings.priority),
    options: own,
  };
}

/** What the trail records of a source: what the form edits, and whether it is polled. */
export function recordedSource(source: ConfiguredSource): Record<string, unknown> {
  const { settings, options } = source;
  return {
    name: settings.name,
    kind: settings.kind,
    url: settings.url,
    topics: settings.topics,
    language: settings.language ?? null,
    pollEvery: formatDuration(settings.pollEveryMs),
    approvers: settings.approvers,
    contentType: settings.contentType ?? null,
    priority: settings.priority,
    state: settings.enabled ? 'active' : 'paused',
    ...(options && typeof options === 'object' && Object.keys(options).length ? { options: JSON.stringify(options) } : {}),
  };
}

/** The form's fields; `withId` on the add form. */
export function sourceFields(
  fields: SourceFields,
  errors: SourceErrors,
  kinds: readonly string[],
  withId: boolean,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  const problem = (key: keyof SourceFields) => (errors[key] ? html`<p class="error" id="${key}-error">${errors[key]}</p>` : '');
  const described = (key: keyof SourceFields, hint?: string) =>
    errors[key] ? html`aria-invalid="true" aria-describedby="${key}-error"` : hint ? html`aria-describedby="${hint}"` : '';
  const input = (key: keyof SourceFields, label: string, hint?: string) =>
    html`<label for="${key}">${label}</label>
      ${hint ? html`<p class="muted" id="${key}-hint">${hint}</p>` : ''}
      <input
        type="text"
        id="${key}"
        name="${key}"
        value="${fields[key]}"
        autocomplete="off"
        ${described(key, hint ? `${key}-hint` : undefined)}
      />${problem(key)}`;
  return html`${withId ? input('id', 'Id', 'Lowercase letters, digits and dashes, such as city-news: it names the source for good.') : ''}
    ${input('name', 'Name (shown to approvers; the id when empty)')}
    <label for="kind">Kind</label>
    <select id="kind" name="kind" ${described('kind')}>
      ${kinds.map((k) => html`<option ${k === fields.kind ? 'selected' : ''}>${k}</option>`)}
    </select>
    ${problem('kind')} ${input('url', 'URL of the feed or page')} ${input('topics', 'Topics (separated by commas)')}
    ${input('language', 'Language of its items (such as fi; empty: the feed says, or the programme’s)')}
    ${input('pollEvery', 'Poll every (such as 15 minutes or 2 hours)')}
    ${input('approvers', 'Approvers (admins’ addresses, separated by commas; none: every admin)')}
    ${input('contentType', 'Content type (such as news, blog, video or jobs; empty: the kind)')} ${input('priority', 'Priority (0 to 10; 5 when empty)')}
    <label for="options">Options of the kind, in YAML (the feed kind has none)</label>
    <textarea id="options" name="options" rows="3" ${described('options')}>${fields.options}</textarea>
    ${problem('options')}`;
}
