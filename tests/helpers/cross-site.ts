import type { Page } from 'playwright-core';
import { escapeHtml } from '../../rules/mail/template.js';
import type { FeedServer } from './feed-server.js';

// Another site's pages that forge kaiku's forms, for the cross-site tests: the attacker copies a form (with
// every field value they can know, even the hidden token of their own browser) and makes the victim's
// browser post it. Served by a FeedServer on another loopback address (cross-site) or port (same-site).

/** A form as a page would send it: its absolute action and its fields in order. */
export interface CopiedForm {
  action: string;
  fields: [string, string][];
}

/** How the forged post is sent: a plain page, a page with Referrer-Policy no-referrer, or a sandboxed iframe (both Origin: null). */
export type Forgery = 'page' | 'no-referrer' | 'sandboxed-iframe';

/** Every POST form of the page open in `page`, with the values it would send now (as FormData reads them). */
export function copyForms(page: Page): Promise<CopiedForm[]> {
  return page.$$eval('form[method="post"]', (forms) =>
    forms.map((form) => ({
      action: (form as HTMLFormElement).action,
      fields: [...new FormData(form as HTMLFormElement)].map(([name, value]) => [name, String(value)] as [string, string]),
    })),
  );
}

/** `form` with some fields set to other values (a field not in the form is added). */
export function withFields(form: CopiedForm, changes: Record<string, string>): CopiedForm {
  const fields = form.fields.map(([name, value]): [string, string] => [name, name in changes ? changes[name]! : value]);
  for (const [name, value] of Object.entries(changes)) if (!fields.some(([field]) => field === name)) fields.push([name, value]);
  return { action: form.action, fields };
}

function autoSubmitting(form: CopiedForm, head = ''): string {
  const inputs = form.fields.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('');
  return `<!doctype html><html><head><meta charset="utf-8">${head}<title>You won a prize</title></head><body><form id="forged" method="post" action="${escapeHtml(form.action)}">${inputs}<button>Claim</button></form><script>document.getElementById('forged').submit();</script></body></html>`;
}

/** The attacker's page for `form`, sent as `forgery`; it posts as soon as it loads. */
export function forgedPage(form: CopiedForm, forgery: Forgery): string {
  if (forgery === 'no-referrer') return autoSubmitting(form, '<meta name="referrer" content="no-referrer">');
  if (forgery === 'sandboxed-iframe')
    return `<!doctype html><html><head><meta charset="utf-8"><title>Cute cats</title></head><body><iframe sandbox="allow-forms allow-scripts" srcdoc="${escapeHtml(autoSubmitting(form))}"></iframe></body></html>`;
  return autoSubmitting(form);
}

let served = 0;

/** Puts the attacker's page for `form` on `site`; returns its address. */
export function serveForgery(site: FeedServer, form: CopiedForm, forgery: Forgery): string {
  const path = `/forged-${++served}`;
  const page = forgedPage(form, forgery);
  site.route(path, (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
  return site.url(path);
}
