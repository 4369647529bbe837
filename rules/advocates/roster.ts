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
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown network "${unknown[0]}"; use ${NETWORKS.join(', ')}` });
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

export interface RosterRefusal {
  line: number;
  email: string | undefined;
  reason: string;
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
          reason: `the file cannot be read past this line (${error.message.replace(/ at line \d+$/, '').toLowerCase()}): put a cell holding quotes or ${delimiter} inside double quotes, double any quote in it, and upload again; nothing in the file was imported`,
        },
      ],
    };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], refused: [{ line: 1, email: undefined, reason: 'the file is empty; the first line names the columns' }] };
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
    const parsed = advocateInputSchema.safeParse(raw);
    const line = info.lines;
    if (!parsed.success) {
      refused.push({ line, email: typeof raw.email === 'string' ? raw.email : undefined, reason: parsed.error.issues.map(describe).join('; ') });
      continue;
    }
    const earlier = seen.get(parsed.data.email);
    if (earlier !== undefined) {
      refused.push({ line, email: parsed.data.email, reason: `${parsed.data.email} is already on line ${earlier}; each advocate once` });
      continue;
    }
    seen.set(parsed.data.email, line);
    rows.push({ line, advocate: parsed.data });
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
