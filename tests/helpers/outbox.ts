import type { MailsTo } from './form-client.js';

// The outbox page of a running `kaiku dev` (every mail it sent), read as a person reads it: over HTTP.

/** The outbox rows whose subject matches, newest first: [id, subject, id of the mail it repeats or '']. */
export async function outboxRows(url: string, subject: RegExp): Promise<[string, string, string][]> {
  const page = await (await fetch(`${url}/outbox`)).text();
  return [...page.matchAll(/<tr data-mail-id="(\d+)" data-inbound="\w+" data-repeat-of="(\d*)">[\s\S]*?<a href="\/outbox\/\1">([^<]*)<\/a>/g)]
    .filter((m) => subject.test(m[3]!))
    .map((m) => [m[1]!, m[3]!, m[2]!]);
}

/** The distinct mails whose subject matches, newest first: [id, subject]; a copy resent after a crash (same Message-ID) is left out. */
export async function outboxMails(url: string, subject: RegExp): Promise<[string, string][]> {
  return (await outboxRows(url, subject)).filter(([, , repeatOf]) => repeatOf === '').map(([id, subjectLine]) => [id, subjectLine]);
}

/** The sign-in mails in the outbox at `url` to an address, newest first, as their source pages show them. */
export function outboxSignInMails(url: string): MailsTo {
  return async (email) => {
    const sources = await Promise.all((await outboxMails(url, /^Sign in to kaiku/)).map(async ([id]) => (await fetch(`${url}/outbox/${id}/raw`)).text()));
    return sources.filter((raw) => raw.includes(email));
  };
}
