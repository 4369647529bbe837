import * as cheerio from 'cheerio';
import type { Store } from '../../db/store.js';
import { waitFor } from './mail.js';

type Fetcher = (path: string, init?: RequestInit) => Response | Promise<Response>;

export interface Page {
  url: string;
  status: number;
  headers: Headers;
  text: string;
  $: cheerio.CheerioAPI;
}

/**
 * What a browser does with kaiku's pages, for tests whose subject is what a form *does* (points, leaderboards,
 * the store), not the form itself: it keeps the cookies kaiku sets and sends a form with the fields the page
 * gave it, hidden token included. It sets no header of its own (no Origin, no Sec-Fetch-*), so it passes only
 * the checks that do not depend on headers. The forms themselves are clicked in Chromium (browser-forms.test.ts).
 */
export class FormClient {
  readonly #fetch: Fetcher;
  readonly #cookies = new Map<string, string>();

  /** `fetcher`: an app's `request` (in-process) or a fetch against a base URL. */
  constructor(fetcher: Fetcher) {
    this.#fetch = fetcher;
  }

  static forApp(app: { request: Fetcher }): FormClient {
    return new FormClient((path, init) => app.request(path, init));
  }

  static forUrl(base: string): FormClient {
    return new FormClient((path, init) => fetch(new URL(path, base), { ...init, redirect: 'manual' }));
  }

  /** The Cookie header this client sends: for attack tests that replay what a thief would have copied. */
  cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** A request with this client's cookies; the cookies the answer sets are kept. */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#cookies.size > 0) headers.set('cookie', this.cookieHeader());
    const response = await this.#fetch(path, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair!.split('=');
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (expired) this.#cookies.delete(name!.trim());
      else this.#cookies.set(name!.trim(), value.join('=').trim());
    }
    return response;
  }

  async get(path: string): Promise<Page> {
    const response = await this.request(path);
    const text = await response.text();
    return { url: path, status: response.status, headers: response.headers, text, $: cheerio.load(text) };
  }

  /**
   * Sends the page's form (the first whose action starts with `action` and that holds an element matching `has`) with its own fields, and
   * `fields` filled in as a person would type or tick them.
   */
  async submit(page: Page, options: { action?: string; has?: string; fields?: Record<string, string | string[]> } = {}): Promise<Response> {
    const forms = page.$('form[method="post"]').toArray();
    const form = forms.find(
      (f) => (!options.action || (page.$(f).attr('action') ?? '').startsWith(options.action)) && (!options.has || page.$(f).find(options.has).length > 0),
    );
    if (!form) throw new Error(`no form${options.action ? ` posting to ${options.action}` : ''}${options.has ? ` holding ${options.has}` : ''} on ${page.url}`);
    const $form = page.$(form);
    const body = new URLSearchParams();
    $form.find('input, textarea, select').each((_, element) => {
      const $el = page.$(element);
      const name = $el.attr('name');
      if (!name || options.fields?.[name] !== undefined) return;
      const type = ($el.attr('type') ?? '').toLowerCase();
      if (element.tagName === 'select') body.append(name, $el.find('option[selected]').attr('value') ?? $el.find('option').first().attr('value') ?? '');
      else if (element.tagName === 'textarea') body.append(name, $el.text().replace(/^\n/, ''));
      else if (type === 'checkbox' || type === 'radio') {
        if ($el.attr('checked') !== undefined) body.append(name, $el.attr('value') ?? 'on');
      } else if (type !== 'submit') body.append(name, $el.attr('value') ?? '');
    });
    for (const [name, value] of Object.entries(options.fields ?? {})) for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    const action = $form.attr('action') || page.url;
    return this.request(action, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
}

/** The raw mails sent to an address, newest first: from the outbox table (kaiku's catcher) or a test sink. */
export type MailsTo = (email: string) => Promise<string[]>;

export function outboxMailsTo(store: Store): MailsTo {
  return async (email) => {
    const raws: string[] = [];
    for (const mail of await store.mail.listOutbox(100)) {
      if (!(mail.envelope_to as unknown as string[]).some((to) => to.toLowerCase() === email)) continue;
      raws.push(Buffer.from((await store.mail.outboxMail(mail.id))!.raw).toString('utf8'));
    }
    return raws;
  };
}

export function sinkMailsTo(sink: { messages: { to: string[]; raw?: Buffer }[] }): MailsTo {
  return async (email) =>
    sink.messages
      .filter((m) => m.to.some((to) => to.toLowerCase() === email) && m.raw)
      .map((m) => m.raw!.toString('utf8'))
      .reverse();
}

/** The sign-in links mailed to `email` (their paths), newest first. */
export async function signInLinksTo(mailsTo: MailsTo, email: string): Promise<string[]> {
  return (await mailsTo(email))
    .map((raw) => /\/admin\/login\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(raw.replace(/=\r?\n/g, ''))?.[0])
    .filter((link): link is string => link !== undefined);
}

/** The newest sign-in link mailed to `email` once more than `seenBefore` have arrived. */
export async function signInLinkFor(mailsTo: MailsTo, email: string, seenBefore = 0): Promise<string> {
  return waitFor(`a new sign-in mail to ${email}`, async () => {
    const links = await signInLinksTo(mailsTo, email);
    return links.length > seenBefore ? links[0] : undefined;
  });
}

/**
 * Signs `email` in as an admin the way a person does: the sign-in form, the link in the mail kaiku sends, and
 * the confirmation page's button. The session cookie is the one kaiku sets.
 */
export async function signInAsAdmin(client: FormClient, mailsTo: MailsTo, email: string): Promise<void> {
  const before = (await signInLinksTo(mailsTo, email)).length;
  const asked = await client.submit(await client.get('/admin/login'), { fields: { email } });
  if (asked.status !== 200) throw new Error(`the sign-in form answered ${asked.status}: ${await asked.text()}`);
  const confirmed = await client.submit(await client.get(await signInLinkFor(mailsTo, email, before)));
  if (confirmed.status !== 303) throw new Error(`the sign-in page answered ${confirmed.status}: ${await confirmed.text()}`);
}
