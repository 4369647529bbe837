import { existsSync, renameSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { demoConfig } from '../../config/demo.js';
import type { Database } from '../../db/schema.js';
import { parseRoster } from '../../rules/advocates/roster.js';
import { DEMO_ROSTER_CSV } from './roster.js';

// Someone who tried the demo and then wrote their own kaiku.yaml still has the demo's advocates, sources and items
// in data/: `kaiku dev` says so at start, and `kaiku dev --fresh` moves that data/ aside (never deletes it).

const DEMO_SOURCES = (demoConfig('http://127.0.0.1').sources as { id: string }[]).map((source) => source.id);
const DEMO_ADVOCATES = parseRoster(DEMO_ROSTER_CSV).rows.map((row) => row.advocate.email);

export interface DemoLeftovers {
  advocates: number;
  sources: number;
  items: number;
}

/** What the store still holds of the demo programme, or undefined when it holds none of it. */
export async function demoLeftovers(db: Kysely<Database>): Promise<DemoLeftovers | undefined> {
  const [advocates, sources, items] = await Promise.all([
    db
      .selectFrom('advocates')
      .select((e) => e.fn.countAll<string>().as('n'))
      .where('email', 'in', DEMO_ADVOCATES)
      .where('erased_at', 'is', null)
      .executeTakeFirst(),
    db
      .selectFrom('sources')
      .select((e) => e.fn.countAll<string>().as('n'))
      .where('id', 'in', DEMO_SOURCES)
      .executeTakeFirst(),
    db
      .selectFrom('items')
      .select((e) => e.fn.countAll<string>().as('n'))
      .where('source_id', 'in', DEMO_SOURCES)
      .executeTakeFirst(),
  ]);
  const found = { advocates: Number(advocates?.n ?? 0), sources: Number(sources?.n ?? 0), items: Number(items?.n ?? 0) };
  return found.advocates + found.sources + found.items > 0 ? found : undefined;
}

/** The start banner's words for what is left, e.g. "4 advocates, 2 sources and 9 items of the demo programme". */
export function describeLeftovers(found: DemoLeftovers): string {
  const parts = [
    [found.advocates, 'advocate'],
    [found.sources, 'source'],
    [found.items, 'item'],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([n, word]) => `${n} ${word}${n === 1 ? '' : 's'}`);
  const listed = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!;
  return `${listed} of the demo programme`;
}

/**
 * `kaiku dev --fresh`: moves the data directory aside to `<dir>-before-<UTC time>` so that kaiku starts clean (a new
 * store, a new Temporal dev server history, a new signing key). Returns where it went, or undefined if there was none.
 *
 * @example
 * moveDataAside('/srv/kaiku/data', new Date('2026-12-02T12:00:00Z')); // '/srv/kaiku/data-before-20261202T120000Z'
 */
export function moveDataAside(dataDir: string, now = new Date()): string | undefined {
  if (!existsSync(dataDir)) return undefined;
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const aside = `${dataDir.replace(/[/\\]+$/, '')}-before-${stamp}`;
  if (existsSync(aside)) throw new Error(`${aside} exists already: move it away, or wait a second and try again`);
  renameSync(dataDir, aside);
  return aside;
}
