import { z } from 'zod';
import { programSchema } from '../../config/schema.js';
import { describeIssue } from '../../config/errors.js';
import type { Network } from '../../model/item.js';
import { NETWORKS } from '../../rules/captions/caption-limits.js';
import {
  MAX_TEMPLATE_LENGTH,
  MAX_VARIANTS,
  describeTemplateRefusal,
  readTemplate,
  templateLength,
  type TemplateRefusal,
} from '../../rules/captions/caption-templates.js';

// The captions page's two forms, read with zod: a network × language's variants (each must parse and, without the
// title and summary, fit the network's limit) and the programme's hashtags (the config's own hashtag schema, so the
// console refuses a hashtag with the words `kaiku check` would print). Each refusal also comes as a reason, which the
// page says in the admin's language (`say`); without one, the English words.

export interface TemplateFields {
  network: Network;
  language: string;
  /** The variants as typed, always MAX_VARIANTS long ('' for an empty one). */
  variants: string[];
}

/** What each field's error says, by field: 'variant1'…'variant3', or 'form' for the network or language. */
export type TemplateErrors = Partial<Record<string, string>>;

export type TemplateFormResult = { ok: true; fields: TemplateFields; bodies: string[] } | { ok: false; fields: TemplateFields; errors: TemplateErrors };

/** Why a template form is refused: a template's own refusal, its length over the network's limit, or a hidden field tampered with. */
export type TemplateFormRefusal =
  | TemplateRefusal
  | { reason: 'over limit'; network: Network; length: number; limit: number }
  | { reason: 'network' }
  | { reason: 'language'; languages: readonly string[] };

/** Says a refusal; `english` is what it says in English. */
export type SayRefusal<Refusal> = (refusal: Refusal, english: string) => string;

const inEnglish = <Refusal>(_refusal: Refusal, english: string) => english;

const variantText = (value: unknown) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n').slice(0, MAX_TEMPLATE_LENGTH + 1) : '');

/** The schema of a posted template form, for the languages the programme speaks; `link` and `hashtags` are what the count uses. */
export function templateFormSchema(languages: readonly string[], link: string, hashtags: readonly string[]) {
  return z
    .object({
      network: z.enum(NETWORKS as [Network, ...Network[]], { error: 'Choose a network from the list.' }),
      language: z.string().refine((language) => languages.includes(language), { error: `Choose one of the programme’s languages (${languages.join(', ')}).` }),
      variants: z.array(z.string()).length(MAX_VARIANTS),
    })
    .superRefine((form, context) => {
      form.variants.forEach((variant, index) => {
        if (variant.trim() === '') return;
        const path = ['variants', index];
        const parsed = readTemplate(variant);
        if (!parsed.ok)
          return context.addIssue({ code: 'custom', path, message: describeTemplateRefusal(parsed.refusal), params: { refusal: parsed.refusal } });
        const length = templateLength(parsed.pieces, form.network, link, hashtags);
        const refusal: TemplateFormRefusal = { reason: 'over limit', network: form.network, length: length.length, limit: length.limit };
        if (!length.ok) context.addIssue({ code: 'custom', path, message: length.problem!, params: { refusal } });
      });
    });
}

/** The posted form's fields (to draw it again), and its variants to store (the empty ones left out) or why not, in `say`'s words. */
export function readTemplateForm(
  body: Record<string, unknown>,
  languages: readonly string[],
  link: string,
  hashtags: readonly string[],
  say: SayRefusal<TemplateFormRefusal> = inEnglish,
): TemplateFormResult {
  const raw = {
    network: typeof body.network === 'string' ? body.network : '',
    language: typeof body.language === 'string' ? body.language : '',
    variants: Array.from({ length: MAX_VARIANTS }, (_, index) => variantText(body[`variant${index + 1}`])),
  };
  const fields = { ...raw, network: (NETWORKS as readonly string[]).includes(raw.network) ? (raw.network as Network) : 'linkedin' };
  const parsed = templateFormSchema(languages, link, hashtags).safeParse(raw);
  if (!parsed.success) {
    const errors: TemplateErrors = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] === 'variants' ? `variant${Number(issue.path[1]) + 1}` : 'form';
      const refusal: TemplateFormRefusal =
        issue.code === 'custom' && issue.params?.refusal
          ? (issue.params.refusal as TemplateFormRefusal)
          : issue.path[0] === 'network'
            ? { reason: 'network' }
            : { reason: 'language', languages };
      errors[key] ??= say(refusal, issue.message);
    }
    return { ok: false, fields, errors };
  }
  return { ok: true, fields, bodies: parsed.data.variants.map((variant) => variant.trim()).filter(Boolean) };
}

export type HashtagsFormResult = { ok: true; tags: string[]; typed: string } | { ok: false; typed: string; error: string };

/** Why a hashtag was refused: `format` when it breaks the config's hashtag rule (letters, digits, underscores), the one rule it has. */
export interface HashtagRefusal {
  tag: string | undefined;
  format: boolean;
}

/** The hashtags typed (separated by spaces or commas), read by the config's `program.hashtags` schema; a refusal in `say`'s words. */
export function readHashtagsForm(body: Record<string, unknown>, say: SayRefusal<HashtagRefusal> = inEnglish): HashtagsFormResult {
  const typed = typeof body.hashtags === 'string' ? body.hashtags.trim().slice(0, 2000) : '';
  const tags = typed.split(/[\s,]+/).filter(Boolean);
  const parsed = programSchema.shape.hashtags.safeParse(tags);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const tag = typeof issue.path[0] === 'number' ? tags[issue.path[0]] : undefined;
    return { ok: false, typed, error: say({ tag, format: issue.code === 'invalid_format' }, `${tag ? `“${tag}”: ` : ''}${describeIssue(issue)}`) };
  }
  return { ok: true, tags: [...new Set(parsed.data)], typed };
}
