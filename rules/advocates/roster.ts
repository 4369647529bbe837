import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { isTimeZone } from '../../config/schema.js';
import { NETWORKS } from '../captions/caption-limits.js';
import { safeText } from '../text/safe-text.js';
import type { Network } from '../../model/item.js';
import { LANGUAGES, type AdvocateInput, type Language } from '../../model/advocate.js';

// The roster: who the advocates are. One schema checks a CSV row, the preferences form and the demo roster.

/** A list cell or field (topics, networks): parts separated by `,`, `;` or `|`, trimmed and lower-cased. */
export const splitList = (value: string | undefined) =>
  (value ?? '')
    .split(/[;,|]/)
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);

export const advocateInputSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: (issue) => `"${String(issue.input)}" is not an email address` })),
  // Names are shown in digests, leaderboards and the console: bidirectional and control characters go.
  name: z
    .string()
    .transform((value) => safeText(value).trim())
    .pipe(z.string().min(1, 'the name is empty')),
  language: z
    .string()
    .trim()
    .toLowerCase()
    .refine((value): value is Language => (LANGUAGES as readonly string[]).includes(value), {
      error: (issue) => `unknown language "${String(issue.input)}"; kaiku writes digests in ${LANGUAGES.join(', ')}`,
    }),
  timeZone: z
    .string()
    .trim()
    .refine(isTimeZone, { error: (issue) => `unknown time zone "${String(issue.input)}"; use an IANA name such as Europe/Helsinki` }),
  branch: z
    .string()
    .optional()
    .transform((value) => (value === undefined ? null : safeText(value).trim() || null)),
  topics: z.array(z.string().min(1)).default([]),
  networks: z
    .array(z.string())
    .default(['linkedin'])
    .transform((values, ctx) => {
      const unknown = values.filter((value) => !(NETWORKS as readonly string[]).includes(value));
      if (unknown.length > 0)
        ctx.addIssue({ code: 'custom', message: `unknown network "${unknown[0]}"; use ${NETWORKS.join(', ')}`, params: { network: unknown[0] } });
      return [...new Set(values)] as Network[];
    }),
  mastodonInstance: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || /^[a-z0-9.-]+\.[a-z]{2,}$/.test(value), 'a Mastodon instance is a host name such as mastodon.social'),
});

// The schema's output is the model's AdvocateInput: what the store takes.
advocateInputSchema satisfies z.ZodType<AdvocateInput, unknown>;

export interface RosterRow {
  line: number;
  advocate: AdvocateInput;
}

/**
 * What is wrong with one field of an advocate, as a kind and the value it is about, so that the console can say it
 * in the admin's language (server/console/console-strings.ts); `english` is the schema's own words.
 */
export type AdvocateProblem = { field: string; english: string } & (
  | { kind: 'missing' }
  | { kind: 'email'; value: string }
  | { kind: 'name' }
  | { kind: 'language'; value: string; languages: readonly string[] }
  | { kind: 'time zone'; value: string }
  | { kind: 'network'; value: string; networks: readonly string[] }
  | { kind: 'mastodon' }
  | { kind: 'other' }
);

/** Why a row (or the whole file) was refused; `fields` holds each field's problem. */
export type RosterRefusalCause =
  | { kind: 'unreadable'; delimiter: string }
  | { kind: 'empty' }
  | { kind: 'columns'; missing: readonly string[] }
  | { kind: 'repeated'; email: string; earlier: number }
  | { kind: 'fields'; problems: readonly AdvocateProblem[] };

export interface RosterRefusal {
  line: number;
  email: string | undefined;
  /** In English, as `kaiku advocates import` prints it. */
  reason: string;
  /** The same, as a kind and its values. */
  cause: RosterRefusalCause;
}

export interface ParsedRoster {
  rows: RosterRow[];
  refused: RosterRefusal[];
}

const COLUMNS: Record<string, keyof AdvocateInput> = {
  email: 'email',
  name: 'name',
  language: 'language',
  lang: 'language',
  time_zone: 'timeZone',
  timezone: 'timeZone',
  tz: 'timeZone',
  branch: 'branch',
  department: 'branch',
  topics: 'topics',
  networks: 'networks',
  mastodon_instance: 'mastodonInstance',
  mastodon: 'mastodonInstance',
};

/**
 * Reads a roster CSV (comma or semicolon separated, header row first; topics and networks separated by
 * `;` or `|` inside their cell). Good rows and refused rows come back apart: one bad row never stops the rest.
 *
 * @example
 * email,name,language,time_zone,branch,topics,networks
 * aino@vantaa.fi,Aino Virtanen,fi,Europe/Helsinki,Health,care;jobs,linkedin;x
 */
export function parseRoster(text: string): ParsedRoster {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, info: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    // A broken quote leaves the rest of the file unreadable (the parser cannot tell where the next row starts):
    // the whole file is refused at that line, rather than guessing which rows were meant.
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 1;
    return {
      rows: [],
      refused: [
        {
          line,
          email: undefined,
          cause: { kind: 'unreadable', delimiter },
          reason: `the file cannot be read past this line (${error.message.replace(/ at line \d+$/, '').toLowerCase()}): put a cell holding quotes or ${delimiter} inside double quotes, double any quote in it, and upload again; nothing in the file was imported`,
        },
      ],
    };
  }
  const [header, ...body] = records;
  if (!header)
    return { rows: [], refused: [{ line: 1, email: undefined, reason: 'the file is empty; the first line names the columns', cause: { kind: 'empty' } }] };
  const columns = header.record.map(
    (name) =>
      COLUMNS[
        name
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_')
      ],
  );
  const missing = ['email', 'name', 'language', 'timeZone'].filter((key) => !columns.includes(key as keyof AdvocateInput));
  if (missing.length > 0) {
    return {
      rows: [],
      refused: [
        {
          line: 1,
          email: undefined,
          cause: { kind: 'columns', missing },
          reason: `the header has no ${missing.join(', ')} column (expected: email,name,language,time_zone,branch,topics,networks)`,
        },
      ],
    };
  }
  const rows: RosterRow[] = [];
  const refused: RosterRefusal[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const raw: Record<string, unknown> = {};
    columns.forEach((key, index) => {
      if (!key) return;
      const cell = record[index];
      raw[key] = key === 'topics' || key === 'networks' ? (cell ? splitList(cell) : undefined) : cell;
    });
    const parsed = checkAdvocate(raw);
    const line = info.lines;
    if (!parsed.ok) {
      const email = typeof raw.email === 'string' ? raw.email : undefined;
      refused.push({ line, email, reason: parsed.problems.map((p) => p.english).join('; '), cause: { kind: 'fields', problems: parsed.problems } });
      continue;
    }
    const earlier = seen.get(parsed.advocate.email);
    if (earlier !== undefined) {
      const email = parsed.advocate.email;
      refused.push({ line, email, reason: `${email} is already on line ${earlier}; each advocate once`, cause: { kind: 'repeated', email, earlier } });
      continue;
    }
    seen.set(parsed.advocate.email, line);
    rows.push({ line, advocate: parsed.advocate });
  }
  return { rows, refused };
}

/** A refused row as `kaiku advocates import` prints it and the console's upload shows it: `line 3 (a@b.fi): reason`. */
export function refusalText(refusal: RosterRefusal): string {
  return `line ${refusal.line}${refusal.email ? ` (${refusal.email})` : ''}: ${refusal.reason}`;
}

/** A field's problem in words, naming a missing field by its key. */
export function describe(issue: z.core.$ZodIssue): string {
  const field = issue.path[0];
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${String(field)} is missing`;
  return issue.message;
}

/**
 * One advocate checked by the roster's schema: the advocate, or each field's problem as a kind and its value (the
 * value as the schema read it: an address trimmed and lower-cased), with the schema's English words.
 *
 * @example
 * checkAdvocate({ email: 'Aino@', name: 'Aino', language: 'fi', timeZone: 'Mars/Olympus' })
 * // { ok: false, problems: [{ field: 'email', kind: 'email', value: 'aino@', english: '"aino@" is not an email address' },
 * //                         { field: 'timeZone', kind: 'time zone', value: 'Mars/Olympus', english: 'unknown time zone …' }] }
 */
export function checkAdvocate(raw: Record<string, unknown>): { ok: true; advocate: AdvocateInput } | { ok: false; problems: AdvocateProblem[] } {
  // reportInput: each issue carries the value it is about, which the words in other languages quote.
  const parsed = advocateInputSchema.safeParse(raw, { reportInput: true });
  return parsed.success ? { ok: true, advocate: parsed.data } : { ok: false, problems: parsed.error.issues.map(problemOf) };
}

function problemOf(issue: z.core.$ZodIssue): AdvocateProblem {
  const field = String(issue.path[0]);
  const english = describe(issue);
  const value = String(issue.input);
  if (issue.code === 'invalid_type' && issue.input === undefined) return { field, english, kind: 'missing' };
  if (field === 'email' && issue.code === 'invalid_format') return { field, english, kind: 'email', value };
  if (field === 'name' && issue.code === 'too_small') return { field, english, kind: 'name' };
  if (field === 'language' && issue.code === 'custom') return { field, english, kind: 'language', value, languages: LANGUAGES };
  if (field === 'timeZone' && issue.code === 'custom') return { field, english, kind: 'time zone', value };
  if (field === 'networks' && issue.code === 'custom') return { field, english, kind: 'network', value: String(issue.params?.['network']), networks: NETWORKS };
  if (field === 'mastodonInstance' && issue.code === 'custom') return { field, english, kind: 'mastodon' };
  return { field, english, kind: 'other' };
}
