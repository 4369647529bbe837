import type { MailsTo } from './form-client.js';

// The outbox page of a running `kaiku dev` (every mail it sent), read as a person reads it: over HTTP.

/** The outbox rows whose subject matches, newest first: [id, subject]. */
export async function outboxRows(url: string, subject: RegExp): Promise<[string, string][]> {
  const page = await (await fetch(`${url}/outbox`)).text();
  return [...page.matchAll(/<a href="\/outbox\/(\d+)">([^<]*)<\/a>/g)].filter((m) => subject.test(m[2]!)).map((m) => [m[1]!, m[2]!]);
}

/** The sign-in mails in the outbox at `url` to an address, newest first, as their source pages show them. */
export function outboxSignInMails(url: string): MailsTo {
  return async (email) => {
    const sources = await Promise.all((await outboxRows(url, /^Sign in to kaiku/)).map(async ([id]) => (await fetch(`${url}/outbox/${id}/raw`)).text()));
    return sources.filter((raw) => raw.includes(email));
  };
}
