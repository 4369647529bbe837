import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { SourceKinds } from '../model/source.js';
import { buildConfigSchema, type KaikuConfig } from './schema.js';
import { ConfigError, closestKey, describeIssue, formatPath, type ConfigProblem } from './errors.js';
import { exampleAt, knownKeysAt } from './examples.js';
import { demoConfig } from './demo.js';
import { prepareImport } from './typescript-modules.js';

/** A kind of source a `sourceModules` file exports (what `defineSource` returns), as the config sees it. */
export interface SourceModuleExport {
  kind: string;
  configSchema: z.ZodType;
  fetch: (...args: never[]) => unknown;
}

/**
 * The kinds of source a config may name: the caller's registry (built-ins, kinds defined in code) with the
 * kinds found in the config's `sourceModules` added (see `sourceKinds` in activities/sources/registry.ts).
 */
export type KindsFactory<R extends SourceKinds> = (found: SourceModuleExport[]) => R;

export interface LoadedConfig<R extends SourceKinds = SourceKinds> {
  config: KaikuConfig;
  registry: R;
  /** The file it came from; undefined for the built-in demo program. */
  path: string | undefined;
  demo: boolean;
}

export interface LoadConfigOptions<R extends SourceKinds> {
  /** The kinds of source it may name, given those its `sourceModules` export. */
  kinds: KindsFactory<R>;
  /** An explicit `--config` path; wins over `KAIKU_CONFIG` and `./kaiku.yaml`. */
  path?: string | undefined;
  env?: { KAIKU_CONFIG?: string | undefined; PORT?: number | undefined };
  cwd?: string;
  /** Where the demo program's feeds are served, when no config file is found. */
  demoBaseUrl?: string;
}

const SECRET_KEYS = new Map<string, string>([
  ['database', 'set DATABASE_URL in the environment'],
  ['databaseUrl', 'set DATABASE_URL in the environment'],
  ['password', 'secrets are read from environment variables only'],
  ['token', 'secrets are read from environment variables only'],
  ['secret', 'secrets are read from environment variables only'],
  ['apiKey', 'set TEMPORAL_API_KEY in the environment'],
]);

/**
 * Reads and validates kaiku's config: the file named by `--config`, `KAIKU_CONFIG` or `./kaiku.yaml`,
 * or the built-in demo program when there is none. Throws `ConfigError`, whose `format()` names each
 * wrong key, its line, what was wrong and a right value.
 *
 * @example
 * ```ts
 * const { config, registry } = await loadConfig({ path: 'kaiku.yaml', kinds: sourceKinds() });
 * console.log(config.sources.map((s) => s.settings.id));
 * ```
 */
export async function loadConfig<R extends SourceKinds>(options: LoadConfigOptions<R>): Promise<LoadedConfig<R>> {
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.path ?? options.env?.KAIKU_CONFIG;
  const path = explicit ? resolve(cwd, explicit) : existsSync(resolve(cwd, 'kaiku.yaml')) ? resolve(cwd, 'kaiku.yaml') : undefined;

  if (!path) {
    const port = options.env?.PORT ?? 8080;
    const input = demoConfig(options.demoBaseUrl ?? `http://127.0.0.1:${port}`);
    const registry = options.kinds([]);
    return { config: validate(input, registry, 'the demo config', undefined), registry, path: undefined, demo: true };
  }
  if (!existsSync(path)) {
    throw new ConfigError(explicit ?? path, [
      { where: 'file', message: `no file at ${path}`, example: 'kaiku dev --config kaiku.yaml (start from kaiku.example.yaml)' },
    ]);
  }
  const parsed = await parseConfigText(readFileSync(path, 'utf8'), path, { baseDir: dirname(path), kinds: options.kinds });
  return { ...parsed, path, demo: false };
}

/** Validates a config given as text (the file's contents); `origin` names it in errors. */
export async function parseConfigText<R extends SourceKinds>(
  text: string,
  origin: string,
  options: { baseDir?: string; kinds: KindsFactory<R> },
): Promise<{ config: KaikuConfig; registry: R }> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      origin,
      doc.errors.map((error) => ({
        where: 'YAML',
        line: error.linePos?.[0]?.line,
        message: (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, ''),
        example: 'keys and values are written `key: value`, lists as `- item`, indented with spaces',
      })),
    );
  }
  const input: unknown = doc.toJS() ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError(origin, [{ where: '(top level)', message: 'expected a map of keys (program:, admins:, sources:)' }]);
  }
  const moduleSources = await importSourceModules(input as Record<string, unknown>, options.baseDir ?? process.cwd(), origin, (p) =>
    lineOf(doc, lineCounter, p),
  );
  const registry = options.kinds(moduleSources);
  return { config: validate(input, registry, origin, (p) => lineOf(doc, lineCounter, p)), registry };
}

function validate(
  input: unknown,
  registry: SourceKinds,
  origin: string,
  lineFor: ((path: readonly PropertyKey[]) => number | undefined) | undefined,
): KaikuConfig {
  const schema = buildConfigSchema(registry);
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new ConfigError(origin, toProblems(parsed.error.issues, schema, input, registry, lineFor));
}

function toProblems(
  issues: z.core.$ZodIssue[],
  schema: z.core.$ZodType,
  input: unknown,
  registry: SourceKinds,
  lineFor: ((path: readonly PropertyKey[]) => number | undefined) | undefined,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const known = knownKeysAt(schema, issue.path, input, registry);
        const guess = closestKey(key, known);
        const secretHint = SECRET_KEYS.get(key);
        problems.push({
          where: formatPath(path),
          line: lineFor?.(path),
          message: secretHint
            ? `"${key}" does not belong in the config file: ${secretHint}`
            : guess
              ? `unknown key "${key}"; did you mean "${guess}"?`
              : `unknown key "${key}"; the keys here are: ${known.join(', ')}`,
          example: guess ? exampleAt(schema, [...issue.path, guess], input, registry) : undefined,
        });
      }
      continue;
    }
    problems.push({
      where: formatPath(issue.path),
      line: lineFor?.(issue.path),
      message: describeIssue(issue),
      example: exampleAt(schema, issue.path, input, registry),
    });
  }
  return problems;
}

async function importSourceModules(
  input: Record<string, unknown>,
  baseDir: string,
  origin: string,
  lineFor: (path: readonly PropertyKey[]) => number | undefined,
): Promise<SourceModuleExport[]> {
  const modules = input.sourceModules;
  if (modules === undefined) return [];
  if (!Array.isArray(modules) || !modules.every((m) => typeof m === 'string')) {
    throw new ConfigError(origin, [
      {
        where: 'sourceModules',
        line: lineFor(['sourceModules']),
        message: 'expected a list of module paths',
        example: 'sourceModules: [./sources/intranet-news.ts]',
      },
    ]);
  }
  const definitions: SourceModuleExport[] = [];
  for (const [index, specifier] of modules.entries()) {
    const target = specifier.startsWith('.') || specifier.startsWith('/') ? pathToFileURL(resolve(baseDir, specifier)).href : specifier;
    let exported: Record<string, unknown>;
    try {
      await prepareImport(specifier);
      exported = (await import(target)) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(origin, [
        {
          where: `sourceModules[${index}]`,
          line: lineFor(['sourceModules', index]),
          message: `could not load "${specifier}": ${(error as Error).message.split('\n')[0]}`,
          example: 'sourceModules: [./sources/intranet-news.ts]   (relative to the config file)',
        },
      ]);
    }
    const found = Object.values(exported).filter(isSourceDefinition);
    if (found.length === 0) {
      throw new ConfigError(origin, [
        {
          where: `sourceModules[${index}]`,
          line: lineFor(['sourceModules', index]),
          message: `"${specifier}" exports no source: export the result of defineSource({ kind, configSchema, fetch })`,
        },
      ]);
    }
    definitions.push(...found);
  }
  return definitions;
}

function isSourceDefinition(value: unknown): value is SourceModuleExport {
  const candidate = value as Partial<SourceModuleExport> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.kind === 'string' &&
    typeof candidate.fetch === 'function' &&
    candidate.configSchema !== undefined
  );
}

/** The 1-based line of the key (or, failing that, the nearest parent) at `path` in the YAML file. */
function lineOf(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let length = path.length; length > 0; length--) {
    const parentPath = path.slice(0, length - 1) as (string | number)[];
    const key = path[length - 1];
    const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return lineCounter.linePos(range[0]).line;
    } else if (parent && typeof key === 'number') {
      const node = doc.getIn([...parentPath, key], true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
  }
  return undefined;
}
