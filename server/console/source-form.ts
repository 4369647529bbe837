import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { z } from 'zod';
import { describeIssue } from '../../config/errors.js';
import {
  buildSourceSchema,
  notAnAdmin,
  SOURCE_BASE_KEYS,
  KAIKU_SOURCE_IDS,
  ownSourceIdTaken,
  SUGGESTIONS_SOURCE_ID,
  type ConfiguredSource,
  type KaikuConfig,
} from '../../config/schema.js';
import { formatDuration } from '../../config/units.js';
import type { SourceKinds } from '../../model/source.js';
import { splitList } from '../../rules/advocates/roster.js';
import type { ConsoleStrings } from './console-strings.js';
import { durationText, englishDuration } from './duration-text.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';

// The console's source form (add and edit): the fields become a `sources:` entry of kaiku.yaml and are read by the
// config's own source schema, so a field is refused with the very words `kaiku check` would print for that key,
// shown beside the field it is about. What the config checks across entries (an approver must be an admin, the id
// `suggestions` is kaiku's) is checked here with the same words; an id kaiku.yaml uses is refused. Its labels, hints
// and refusals are the catalogue's `sourceForm` words in the admin's language (issue 17): each refusal is told by kind
// (SourceRefusal) with the English `kaiku check` words beside it, which English shows as they are.

/** The source form's words in one language. */
export type SourceFormWords = ConsoleStrings['sourceForm'];

/**
 * Which refusal a field's error is, for the words of the admin's language. `other` is a refusal known only by its
 * English words (a kind's own option, a YAML parser's message): the languages wrap those words.
 */
export type SourceRefusal =
  | { reason: 'id format'; value: string }
  | { reason: 'kaiku id'; id: string; purpose: 'suggestions' | 'composed' }
  | { reason: 'id in kaiku.yaml'; id: string }
  | { reason: 'id used'; id: string; holder?: string | undefined }
  | { reason: 'unknown kind'; value: string; kinds: readonly string[] }
  | { reason: 'url'; value: string }
  | { reason: 'language'; value: string }
  | { reason: 'duration'; value: string }
  | { reason: 'duration too short' | 'duration too long'; value: string; boundMs: number }
  | { reason: 'email'; value: string }
  | { reason: 'not an admin'; email: string }
  | { reason: 'priority'; value: string }
  | { reason: 'content type'; value: string }
  | { reason: 'options yaml'; detail: string }
  | { reason: 'options not a map' }
  | { reason: 'options base keys'; keys: readonly string[] }
  | { reason: 'other' };

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

/** What a field's issue from the config's source schema is, by the field it is about and zod's kind of issue. */
export function refusalOf(key: keyof SourceFields, issue: z.core.$ZodIssue, registry: SourceKinds): SourceRefusal {
  const input = (issue as { input?: unknown }).input;
  const value = typeof input === 'string' ? input : typeof input === 'number' ? String(input) : '';
  const params = (issue as { params?: { duration?: string; bound?: number; unknownKind?: boolean } }).params;
  switch (key) {
    case 'id':
      return issue.code === 'invalid_format' ? { reason: 'id format', value } : { reason: 'other' };
    case 'kind':
      return params?.unknownKind ? { reason: 'unknown kind', value, kinds: registry.kinds() } : { reason: 'other' };
    case 'url':
      return { reason: 'url', value };
    case 'language':
      return issue.code === 'invalid_format' ? { reason: 'language', value } : { reason: 'other' };
    case 'pollEvery': {
      const typed = /^"(.*)" is /.exec(issue.message)?.[1] ?? value;
      if (params?.duration === 'unreadable') return { reason: 'duration', value: typed };
      if ((params?.duration === 'too short' || params?.duration === 'too long') && params.bound !== undefined)
        return { reason: params.duration === 'too short' ? 'duration too short' : 'duration too long', value: typed, boundMs: params.bound };
      return { reason: 'other' };
    }
    case 'approvers':
      return issue.code === 'invalid_format' ? { reason: 'email', value } : { reason: 'other' };
    case 'priority':
      return issue.code === 'invalid_type' || issue.code === 'too_small' || issue.code === 'too_big' ? { reason: 'priority', value } : { reason: 'other' };
    case 'contentType':
      return issue.code === 'invalid_format' ? { reason: 'content type', value } : { reason: 'other' };
    default:
      return { reason: 'other' };
  }
}

/**
 * Reads and checks a posted source form. `enabled` is kept from the stored source on an edit (pausing is its own
 * button); `takenIds` are the ids of every other row and of kaiku.yaml's sources, with who holds each. Each field's
 * error is in `words` (the admin's language).
 */
export function readSourceForm(
  fields: SourceFields,
  context: { registry: SourceKinds; config: Pick<KaikuConfig, 'admins' | 'sources'>; enabled: boolean; taken?: (id: string) => string | undefined },
  words: SourceFormWords,
): SourceFormResult {
  const say = words.refused;
  const errors: SourceErrors = {};
  const entry: Record<string, unknown> = {};
  if (fields.options.trim()) {
    let own: unknown;
    try {
      own = parseYaml(fields.options);
    } catch (error) {
      const detail = (error as Error).message.split('\n')[0] ?? '';
      errors.options = say({ reason: 'options yaml', detail }, `is not YAML kaiku can read: ${detail}`);
    }
    if (own !== undefined && own !== null && (typeof own !== 'object' || Array.isArray(own)))
      errors.options = say({ reason: 'options not a map' }, 'expected a map of keys (selectors:, ...)');
    else if (own) {
      const base = Object.keys(own).filter((key) => SOURCE_BASE_KEYS.has(key));
      if (base.length)
        errors.options = say(
          { reason: 'options base keys', keys: base },
          `${base.join(', ')} ${base.length === 1 ? 'has its' : 'have their'} own field above; leave ${base.length === 1 ? 'it' : 'them'} out of the options`,
        );
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
    // Typed in the admin's words ("15 minuuttia") or kaiku.yaml's ("15 minutes"); read in the latter.
    ...(fields.pollEvery ? { pollEvery: englishDuration(fields.pollEvery) } : {}),
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
      const refusal = refusalOf(key, issue, context.registry);
      // A refused interval is named as it was typed, not as it was read.
      errors[key] ??= say(key === 'pollEvery' && 'value' in refusal ? { ...refusal, value: fields.pollEvery } : refusal, describeIssue(issue));
    }
  }
  if (KAIKU_SOURCE_IDS.has(fields.id))
    errors.id ??= say(
      { reason: 'kaiku id', id: fields.id, purpose: fields.id === SUGGESTIONS_SOURCE_ID ? 'suggestions' : 'composed' },
      ownSourceIdTaken(fields.id),
    );
  if (context.config.sources.some((source) => source.settings.id === fields.id))
    errors.id ??= say({ reason: 'id in kaiku.yaml', id: fields.id }, `id "${fields.id}" is set in kaiku.yaml; give this source another id`);
  const holder = context.taken?.(fields.id);
  if (holder !== undefined)
    errors.id ??= say(
      { reason: 'id used', id: fields.id, holder },
      `id "${fields.id}" is already used by the source "${holder}"; every source needs its own id`,
    );
  const admins = new Set(context.config.admins.map((admin) => admin.email));
  const stranger = splitList(fields.approvers).find((email) => !admins.has(email));
  if (stranger && !errors.approvers) errors.approvers = say({ reason: 'not an admin', email: stranger }, notAnAdmin(stranger));
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, fields, errors };
  return { ok: true, source: parsed.data as ConfiguredSource, fields };
}

/** The fields of a stored source, to fill the edit form; its poll interval in the admin's words. */
export function fieldsOfSource(source: ConfiguredSource, language: ConsoleLanguage = 'en'): SourceFields {
  const { settings, options } = source;
  const own = options && typeof options === 'object' && Object.keys(options).length ? stringifyYaml(options).trimEnd() : '';
  return {
    id: settings.id,
    name: settings.name,
    kind: settings.kind,
    url: settings.url,
    topics: settings.topics.join(', '),
    language: settings.language ?? '',
    pollEvery: durationText(settings.pollEveryMs, language),
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

/** The form's fields in `words` (the admin's language); `withId` on the add form. */
export function sourceFields(
  fields: SourceFields,
  errors: SourceErrors,
  kinds: readonly string[],
  withId: boolean,
  words: SourceFormWords,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  const label = words.labels;
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
  return html`${withId ? input('id', label.id, words.idHint) : ''} ${input('name', label.name)}
    <label for="kind">${label.kind}</label>
    <select id="kind" name="kind" ${described('kind')}>
      ${kinds.map((k) => html`<option ${k === fields.kind ? 'selected' : ''}>${k}</option>`)}
    </select>
    ${problem('kind')} ${input('url', label.url)} ${input('topics', label.topics)} ${input('language', label.language)} ${input('pollEvery', label.pollEvery)}
    ${input('approvers', label.approvers)} ${input('contentType', label.contentType)} ${input('priority', label.priority)}
    <label for="options">${label.options}</label>
    <textarea id="options" name="options" rows="3" ${described('options')}>${fields.options}</textarea>
    ${problem('options')}`;
}
