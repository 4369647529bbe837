import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ItemCaptions, Network } from '../../model/item.js';
import { NETWORKS, NETWORK_NAMES, NETWORK_RULES } from '../../rules/captions/caption-limits.js';
import type { CaptionEdit } from '../../rules/approvals/decisions.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { CONSOLE_STRINGS } from '../console/console-strings.js';

/**
 * Approve (with the captions editable, one field per network) and Reject (with an optional reason) for the item
 * `itemId` (its fields' ids carry it, so a page of many items has each label pointing at its own field).
 * `field`: the form's hidden token (server/form-guard.ts), in both forms; `language`: the console's (English unless given).
 */
export function decisionForm(options: {
  itemId: string;
  action: string;
  captions: ItemCaptions;
  field: HtmlEscapedString | Promise<HtmlEscapedString>;
  only?: 'approve' | 'reject';
  language?: ConsoleLanguage;
}) {
  const t = CONSOLE_STRINGS[options.language ?? 'en'].decision;
  const approve = html`<form method="post" action="${options.action}">
    ${options.field}
    <input type="hidden" name="decision" value="approve" />
    <details ${options.only === 'approve' ? 'open' : ''}>
      <summary>${t.captions}</summary>
      ${NETWORKS.map(
        (network) =>
          html`<label for="${options.itemId}-caption_${network}">${NETWORK_NAMES[network]} ${t.atMost(NETWORK_RULES[network].limit)}</label>
            <textarea id="${options.itemId}-caption_${network}" name="caption_${network}" rows="${network === 'linkedin' || network === 'facebook' ? 6 : 4}">
${options.captions.networks[network]}</textarea>`,
      )}
    </details>
    <p><button class="approve" type="submit">${t.approve}</button></p>
  </form>`;
  const reject = html`<form method="post" action="${options.action}">
    ${options.field}
    <input type="hidden" name="decision" value="reject" />
    <label for="${options.itemId}-reason">${t.reason}</label>
    <input type="text" id="${options.itemId}-reason" name="reason" maxlength="1000" />
    <p><button class="reject" type="submit">${t.reject}</button></p>
  </form>`;
  if (options.only === 'approve') return approve;
  if (options.only === 'reject') return reject;
  return html`${approve}${reject}`;
}

/** The decision a form posted; caption fields equal to the proposal are not an edit. */
export function readDecisionForm(
  form: Record<string, string | File | (string | File)[]>,
  captions: ItemCaptions,
): { decision: 'approve' | 'reject'; reason?: string; captions?: CaptionEdit } | undefined {
  const decision = form.decision;
  if (decision !== 'approve' && decision !== 'reject') return undefined;
  if (decision === 'reject') {
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    return reason ? { decision, reason } : { decision };
  }
  const networks: Partial<Record<Network, string>> = {};
  for (const network of NETWORKS) {
    const value = form[`caption_${network}`];
    if (typeof value === 'string' && value.replace(/\r\n/g, '\n').trim() !== captions.networks[network].trim()) networks[network] = value;
  }
  return Object.keys(networks).length > 0 ? { decision, captions: { networks } } : { decision };
}
