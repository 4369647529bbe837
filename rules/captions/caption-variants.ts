// Which of a caption's variants an advocate gets: the same one every time for the same advocate and item (the
// digest, the share page and any later mail agree), spread over colleagues so they do not all post the same words.
// Pure and free of Node APIs.

import type { ItemCaptions, Network } from '../../model/item.js';
import { NETWORKS } from './caption-limits.js';
import { parseTemplate, renderWithParts } from './caption-templates.js';
import { captionParts, proposeCaptions, type CaptionInput } from './captions.js';

/** FNV-1a, 32 bits: small, stable across processes and versions, and spread enough for two or three variants. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

/** The variant (0-based) of `count` that an advocate gets for an item. */
export function variantIndex(advocateId: string, itemId: string, count: number): number {
  return count <= 1 ? 0 : hash(`${itemId}\u0000${advocateId}`) % count;
}

/**
 * An advocate's caption of an item on a network: their variant, unless an approver rewrote that network's caption
 * (then `networks[network]` is no longer the first variant, and the approver's words win over all of them).
 *
 * @example
 * captionFor(item.captions, 'linkedin', advocate.id, item.id) // one of item.captions.variants.linkedin
 */
export function captionFor(captions: ItemCaptions, network: Network, advocateId: string, itemId: string): string {
  const variants = captionsInTurn(captions, network);
  return variants[variantIndex(advocateId, itemId, variants.length)]!;
}

/**
 * The captions advocates get in turn on a network: its variants while no approver rewrote it, else the one
 * caption. What an approver is shown, so they decide on every wording that goes out.
 *
 * @example
 * captionsInTurn(item.captions, 'linkedin') // ['Read: …', 'New from us: …'] or [item.captions.networks.linkedin]
 */
export function captionsInTurn(captions: ItemCaptions, network: Network): readonly string[] {
  const written = captions.networks[network];
  const variants = captions.variants?.[network];
  return variants && variants.length > 1 && variants[0] === written ? variants : [written];
}

/** The captions with each network's variant for one advocate in `networks`, and no variants left. */
export function captionsFor(captions: ItemCaptions, advocateId: string, itemId: string): ItemCaptions {
  if (!captions.variants) return captions;
  const networks = { ...captions.networks };
  for (const network of Object.keys(networks) as Network[]) networks[network] = captionFor(captions, network, advocateId, itemId);
  return { language: captions.language, networks, edited: captions.edited };
}

/** A network's templates for the item's language, in variant order. */
export type TemplatesOf = Partial<Record<Network, readonly string[]>>;

/**
 * The proposed captions: today's proposal (proposeCaptions) for every network without a template in the item's
 * language, the rendered template where there is one, and its variants where there are two or three.
 */
export function proposeFromTemplates(input: CaptionInput, templates: TemplatesOf): ItemCaptions {
  const proposal = proposeCaptions(input);
  const parts = captionParts(input);
  const variants: Partial<Record<Network, string[]>> = {};
  for (const network of NETWORKS) {
    const rendered = (templates[network] ?? []).flatMap((template) => {
      const parsed = parseTemplate(template);
      // A stored template was parsed before it was saved; one that no longer parses is passed over, not posted.
      return parsed.ok ? [renderWithParts(parsed.pieces, parts, network)] : [];
    });
    if (rendered.length === 0) continue;
    proposal.networks[network] = rendered[0]!;
    if (rendered.length > 1) variants[network] = rendered;
  }
  return Object.keys(variants).length > 0 ? { ...proposal, variants } : proposal;
}
