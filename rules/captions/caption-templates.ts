// Caption templates the console writes (issue 17): words per network × language with placeholders, rendered for an
// item and fitted to the network's limit the way the proposal is (the summary shortened first, then the title). Pure
// and free of Node APIs, like caption-limits.ts.

import type { Network } from '../../model/item.js';
import { NETWORK_NAMES, NETWORK_RULES } from './caption-limits.js';
import { captionParts, fitCaption, type CaptionInput, type CaptionParts } from './captions.js';

export const PLACEHOLDERS = ['title', 'summary', 'link', 'hashtags'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** How many variants a network × language may have: each advocate gets one of them. */
export const MAX_VARIANTS = 3;
/** A template's longest text, whatever the network (WhatsApp's limit is far longer than any caption should be). */
export const MAX_TEMPLATE_LENGTH = 5000;

/** The template today's proposal follows: with no template stored, captions read as this renders. */
export const DEFAULT_TEMPLATE = '{title}\n\n{summary}\n\n{link} {hashtags}';

export type TemplatePiece = { text: string } | { placeholder: Placeholder };
export type ParsedTemplate = { ok: true; pieces: TemplatePiece[] } | { ok: false; error: string };

/** Why a template cannot be one, for a reader to say in their own language (parseTemplate's `error` says it in English). */
export type TemplateRefusal =
  { reason: 'empty' } | { reason: 'too long'; length: number; max: number } | { reason: 'unknown placeholder'; placeholder: string } | { reason: 'no link' };

const PLACEHOLDER_LIST = '{title}, {summary}, {link} or {hashtags}';

/**
 * A template's pieces, or the reason it cannot be one: a `{word}` must be one of the four placeholders, and {link}
 * must be there (it is what advocates share). Any other brace is text.
 *
 * @example
 * parseTemplate('{title} – read more: {link}') // { ok: true, pieces: [{ placeholder: 'title' }, { text: ' – read more: ' }, { placeholder: 'link' }] }
 */
export function parseTemplate(template: string): ParsedTemplate {
  const read = readTemplate(template);
  return read.ok ? read : { ok: false, error: describeTemplateRefusal(read.refusal) };
}

/** The refusal in English, as parseTemplate's `error` says it. */
export function describeTemplateRefusal(refusal: TemplateRefusal): string {
  switch (refusal.reason) {
    case 'empty':
      return 'The template is empty: write its words, with {link} where the link goes.';
    case 'too long':
      return `The template is ${refusal.length} characters long; a template may be at most ${refusal.max}.`;
    case 'unknown placeholder':
      return `“${refusal.placeholder}” is not a placeholder kaiku knows: use ${PLACEHOLDER_LIST}.`;
    case 'no link':
      return 'The template has no {link}: add it where the link goes (it is what advocates share).';
  }
}

/**
 * parseTemplate's pieces, or why not as a refusal rather than a sentence (the console says it in the admin's language).
 *
 * @example
 * readTemplate('{otsikko} {link}') // { ok: false, refusal: { reason: 'unknown placeholder', placeholder: '{otsikko}' } }
 */
export function readTemplate(template: string): { ok: true; pieces: TemplatePiece[] } | { ok: false; refusal: TemplateRefusal } {
  if (template.trim() === '') return { ok: false, refusal: { reason: 'empty' } };
  if (template.length > MAX_TEMPLATE_LENGTH) return { ok: false, refusal: { reason: 'too long', length: template.length, max: MAX_TEMPLATE_LENGTH } };
  const pieces: TemplatePiece[] = [];
  const pattern = /\{\s*([^{}\s]*)\s*\}/g;
  let at = 0;
  for (const match of template.matchAll(pattern)) {
    const name = match[1]!;
    // A brace around something that is no word (a smiley "{:}") stays text.
    if (!/^[\p{L}\p{N}_-]+$/u.test(name)) continue;
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) return { ok: false, refusal: { reason: 'unknown placeholder', placeholder: match[0] } };
    if (match.index > at) pieces.push({ text: template.slice(at, match.index) });
    pieces.push({ placeholder: name as Placeholder });
    at = match.index + match[0].length;
  }
  if (at < template.length) pieces.push({ text: template.slice(at) });
  if (!pieces.some((piece) => 'placeholder' in piece && piece.placeholder === 'link')) return { ok: false, refusal: { reason: 'no link' } };
  return { ok: true, pieces };
}

/** The pieces with the values in, tidied: a placeholder left empty leaves no blank lines or trailing spaces. */
function fill(pieces: readonly TemplatePiece[], values: Record<Placeholder, string>): string {
  const text = pieces.map((piece) => ('text' in piece ? piece.text : values[piece.placeholder])).join('');
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The caption a template gives `parts` on `network`, fitted to `budget` (the network's limit unless told). */
export function renderWithParts(pieces: readonly TemplatePiece[], parts: CaptionParts, network: Network, budget = NETWORK_RULES[network].limit): string {
  return fitCaption(parts, network, budget, (title, summary) => fill(pieces, { title, summary, link: parts.url, hashtags: parts.tags }));
}

/** The caption a parsed template gives an item on a network, fitted to the network's limit. */
export function renderTemplate(pieces: readonly TemplatePiece[], input: CaptionInput, network: Network, budget?: number): string {
  return renderWithParts(pieces, captionParts(input), network, budget);
}

export interface TemplateLength {
  /** The template's own words, the link and the hashtags, as the network counts them; the title and summary fill the rest. */
  length: number;
  limit: number;
  ok: boolean;
  problem?: string;
}

/**
 * How long a template is before the title and summary go in, against the network's limit: what the console's counter
 * shows, and what saving refuses when it is over (the title and summary are shortened to fit, the template's words are not).
 */
export function templateLength(pieces: readonly TemplatePiece[], network: Network, link: string, hashtags: readonly string[]): TemplateLength {
  const rule = NETWORK_RULES[network];
  const length = rule.count(fill(pieces, { title: '', summary: '', link, hashtags: hashtags.join(' ') }));
  if (length <= rule.limit) return { length, limit: rule.limit, ok: true };
  const name = NETWORK_NAMES[network];
  return {
    length,
    limit: rule.limit,
    ok: false,
    problem: `Without the title and summary this template is already ${length} ${rule.unit.split(',')[0]}; ${name} allows ${rule.limit} (${rule.unit}). Shorten it by ${length - rule.limit}.`,
  };
}
