import type { Network } from './item.js';

// Who an advocate is, as the roster, the store and the digest speak of them.

/** The languages kaiku writes digests in. */
export const LANGUAGES = ['fi', 'sv', 'en', 'da'] as const;
export type Language = (typeof LANGUAGES)[number];

/** One advocate as the roster gives them (a CSV row, the preferences form, SCIM): checked by rules/advocates/roster.ts. */
export interface AdvocateInput {
  email: string;
  name: string;
  language: Language;
  timeZone: string;
  branch: string | null;
  topics: string[];
  networks: Network[];
  mastodonInstance: string | null;
}
