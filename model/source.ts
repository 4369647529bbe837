import type { z } from 'zod';

// The data a source deals in, shared by the source API (activities/sources/define-source.ts), the store and
// the config: a leaf, so none of them reaches up to the others for it.

/** One article as a source found it. kaiku normalises the URL, enriches what is missing and stores it once. */
export interface SourceItem {
  /** The article's address. Tracking parameters and fragments are stripped before dedup. */
  url: string;
  title?: string | undefined;
  /** Plain text; HTML is stripped by kaiku if present. */
  summary?: string | undefined;
  imageUrl?: string | undefined;
  publishedAt?: Date | string | undefined;
  author?: string | undefined;
  /** BCP 47 tag such as `fi` or `sv-FI`, if the source knows it. */
  language?: string | undefined;
  categories?: string[] | undefined;
  /** The source's own id for the entry (an RSS guid, an Atom id). */
  guid?: string | undefined;
  /** For an event: when it ends. Approval stops asking then, since the post is no use afterwards. */
  eventEndsAt?: Date | string | undefined;
}

/** What a source remembers between polls: validators for conditional GET, or a cursor of its own. */
export interface SourceState {
  etag?: string | undefined;
  lastModified?: string | undefined;
  /** The URL the validators came from: the feed's final address after redirects. */
  validatorsUrl?: string | undefined;
  cursor?: string | undefined;
}

/** The settings every source has, whatever its kind (see `config/schema.ts`). */
export interface SourceSettings {
  id: string;
  kind: string;
  name: string;
  url: string;
  topics: string[];
  language?: string | undefined;
  pollEveryMs: number;
  approvers: string[];
  priority: number;
  enabled: boolean;
  allowPrivateAddresses: boolean;
  /** For analytics by content type; the kind when the config names none. */
  contentType?: string | undefined;
}

/** The kinds of source the config can name, and the schema of each kind's own keys (the registry implements it). */
export interface SourceKinds {
  get(kind: string): { configSchema: z.ZodType } | undefined;
  kinds(): string[];
}
