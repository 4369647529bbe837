import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { z } from 'zod';
import type { KaikuConfig } from '../../config/schema.js';
import { canonicalizeUrl, InvalidUrlError } from '../../integrations/feeds/canonical-url.js';
import type { ItemCaptions, Network } from '../../model/item.js';
import { NETWORK_NAMES, NETWORKS, checkCaption, completeCaption } from '../../rules/captions/caption-limits.js';
import { proposeCaptions } from '../../rules/captions/captions.js';
import { splitList } from '../../rules/advocates/roster.js';
import { safeText } from '../../rules/text/safe-text.js';
import { SUMMARY_MAX, TITLE_MAX } from '../../activities/normalize-item.js';
import type { ConsoleStrings } from './console-strings.js';

// The console's "Compose a post": an announcement, job ad or event that comes from no feed. It becomes an item as a
// feed's would (same id from its link, same caption proposal), with the author's caption, where a network allows it.
// Its labels and refusals are the catalogue's `compose` words in the admin's language (issue 17).

/** The compose form's words in one language. */
export type ComposeWords = ConsoleStrings['compose'];

export interface ComposeFields {
  title: string;
  url: string;
  summary: string;
  imageUrl: string;
  topics: string;
  branches: string;
  language: string;
  caption: string;
}
export type ComposeErrors = Partial<Record<keyof ComposeFields, string>>;

const KEYS: (keyof ComposeFields)[] = ['title', 'url', 'summary', 'imageUrl', 'topics', 'branches', 'language', 'caption'];
const webUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `${what} must be an http:// or https:// address, such as https://www.vantaa.fi/uutiset/…` });

/** A post ready to store: its item fields, and which networks got the author's caption. */
export interface ComposedPost {
  url: string;
  title: string;
  summary: string | null;
  imageUrl: string | null;
  topics: string[];
  /** Only advocates of these branches get it; empty: everyone it fits. */
  branches: string[];
  language: string;
  /** The author's caption where it fits, else kaiku's; null without one: the approval proposes them (with the console's templates). */
  captions: ItemCaptions | null;
  /** Networks whose limit the author's caption exceeds: they got kaiku's proposal. */
  proposed: Network[];
}

export function composeFieldsOf(body: Record<string, unknown>): ComposeFields {
  const text = (key: keyof ComposeFields) => (typeof body[key] === 'string' ? (body[key] as string).trim().slice(0, 70_000) : '');
  return Object.fromEntries(KEYS.map((key) => [key, text(key)])) as unknown as ComposeFields;
}

export function emptyCompose(config: KaikuConfig): ComposeFields {
  return { title: '', url: '', summary: '', imageUrl: '', topics: '', branches: '', language: config.program.defaultLanguage, caption: '' };
}

/**
 * The form checked against what a feed item may be (and `known` branches, the advocates'); every field's error in
 * `words` (the admin's language), or the post.
 */
export function readComposeForm(
  fields: ComposeFields,
  config: KaikuConfig,
  hashtags: readonly string[],
  known: readonly string[],
  words: ComposeWords,
): { ok: true; post: ComposedPost } | { ok: false; errors: ComposeErrors } {
  const t = words.errors;
  const errors: ComposeErrors = {};
  const title = safeText(fields.title);
  if (!title) errors.title = t.noTitle;
  else if (title.length > TITLE_MAX) errors.title = t.longTitle(TITLE_MAX, title.length);
  let url = '';
  if (!webUrl('the link').safeParse(fields.url).success) errors.url = t.badLink;
  else {
    try {
      url = canonicalizeUrl(fields.url);
    } catch (error) {
      if (!(error instanceof InvalidUrlError)) throw error;
      errors.url = t.unusableLink(error.message);
    }
  }
  const summary = safeText(fields.summary, { multiline: true });
  if (summary.length > SUMMARY_MAX) errors.summary = t.longText(SUMMARY_MAX, summary.length);
  if (fields.imageUrl && !webUrl('the image').safeParse(fields.imageUrl).success) errors.imageUrl = t.badImage;
  const languages = config.program.languages;
  if (!languages.includes(fields.language)) errors.language = t.language(languages.join(', '));
  const topics = splitList(fields.topics).map((topic) => topic.toLowerCase());
  if (topics.some((topic) => topic.length > 60)) errors.topics = t.longTopic;
  // Each branch as the advocates' records spell it: a typo would reach nobody.
  const named = splitList(fields.branches);
  const branches = named.map((name) => known.find((branch) => branch.toLowerCase() === name.toLowerCase()));
  const unknown = named.filter((_, i) => branches[i] === undefined);
  if (unknown.length > 0) errors.branches = known.length === 0 ? t.noBranches : t.unknownBranches(unknown, known);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const proposed: Network[] = [];
  let captions: ItemCaptions | null = null;
  if (fields.caption) {
    captions = proposeCaptions({ title, summary: summary || null, url, language: fields.language, hashtags });
    const caption = completeCaption(fields.caption, url, hashtags[0]);
    for (const network of NETWORKS) {
      if (checkCaption(network, caption).ok) captions.networks[network] = caption;
      else proposed.push(network);
    }
    captions.edited = true;
  }
  return {
    ok: true,
    post: {
      url,
      title,
      summary: summary || null,
      imageUrl: fields.imageUrl || null,
      topics,
      branches: [...new Set(branches.filter((b): b is string => b !== undefined))],
      language: fields.language,
      captions,
      proposed,
    },
  };
}

/** What the trail records of a composed post. */
export function recordedPost(post: ComposedPost): Record<string, unknown> {
  return {
    title: post.title,
    url: post.url,
    summary: post.summary,
    imageUrl: post.imageUrl,
    topics: post.topics,
    ...(post.branches.length > 0 ? { branches: post.branches } : {}),
    language: post.language,
  };
}

/** Which networks kept kaiku's proposal, in words for the notice. */
export function proposedNote(networks: readonly Network[], words: ComposeWords): string {
  if (networks.length === 0) return '';
  return words.proposed(networks.map((n) => NETWORK_NAMES[n]).join(', '), networks.length);
}

export function composeFields(
  fields: ComposeFields,
  errors: ComposeErrors,
  languages: readonly string[],
  words: ComposeWords,
  languageName: (code: string) => string,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  const label = words.labels;
  const problem = (key: keyof ComposeFields) => (errors[key] ? html`<p class="error" id="${key}-error">${errors[key]}</p>` : '');
  const invalid = (key: keyof ComposeFields) => (errors[key] ? html`aria-invalid="true" aria-describedby="${key}-error"` : '');
  const input = (key: keyof ComposeFields, label: string, type = 'text') =>
    html`<label for="${key}">${label}</label>
      <input type="${type}" id="${key}" name="${key}" value="${fields[key]}" autocomplete="off" ${invalid(key)} />${problem(key)}`;
  const area = (key: keyof ComposeFields, label: string, rows: number) =>
    html`<label for="${key}">${label}</label> <textarea id="${key}" name="${key}" rows="${rows}" ${invalid(key)}>${fields[key]}</textarea>${problem(key)}`;
  return html`${input('title', label.title)} ${input('url', label.url, 'url')} ${area('summary', label.summary, 3)} ${input('imageUrl', label.imageUrl, 'url')}
    ${input('topics', label.topics)} ${input('branches', label.branches)}
    <label for="language">${label.language}</label>
    <select id="language" name="language" ${invalid('language')}>
      ${languages.map((language) => html`<option value="${language}" ${language === fields.language ? 'selected' : ''}>${languageName(language)}</option>`)}
    </select>
    ${problem('language')} ${area('caption', label.caption, 4)}`;
}
