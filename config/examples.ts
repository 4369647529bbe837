import { z } from 'zod';
import type { IssuePath } from './errors.js';
import { SOURCE_BASE_KEYS, sourceBaseShape } from './schema.js';
import type { SourceKinds } from '../model/source.js';

type AnySchema = z.core.$ZodType;

const SOURCE_BASE = z.object(sourceBaseShape);

/** Finds the example a key declares with `.meta({ example })`, to quote in its error. */
export function exampleAt(root: AnySchema, path: IssuePath, input: unknown, registry: SourceKinds): string | undefined {
  const keyIndex = findLastKeyIndex(path);
  if (keyIndex < 0) return undefined;
  const key = String(path[keyIndex]);
  const keyPath = path.slice(0, keyIndex + 1);

  let schema: AnySchema | undefined;
  // A source entry's common keys are kaiku's; its own keys belong to its kind's schema, which only the registry knows.
  if (keyPath[0] === 'sources' && typeof keyPath[1] === 'number' && keyPath.length >= 3) {
    if (SOURCE_BASE_KEYS.has(String(keyPath[2]))) {
      schema = walk(SOURCE_BASE as AnySchema, keyPath.slice(2));
    } else {
      const kind = (input as { sources?: { kind?: unknown }[] } | undefined)?.sources?.[keyPath[1]]?.kind;
      const definition = typeof kind === 'string' ? registry.get(kind) : undefined;
      if (definition) schema = walk(definition.configSchema as AnySchema, keyPath.slice(2));
    }
  } else {
    schema = walk(root, keyPath);
  }
  const example = schema ? firstExample(schema) : undefined;
  return example === undefined ? undefined : `${key}: ${example}`;
}

/** The keys a map at this path accepts, for "did you mean". */
export function knownKeysAt(root: AnySchema, path: IssuePath, input: unknown, registry: SourceKinds): string[] {
  if (path[0] === 'sources' && typeof path[1] === 'number' && path.length === 2) {
    const kind = (input as { sources?: { kind?: unknown }[] } | undefined)?.sources?.[path[1]]?.kind;
    const definition = typeof kind === 'string' ? registry.get(kind) : undefined;
    const own = definition ? Object.keys(objectShape(definition.configSchema as AnySchema) ?? {}) : [];
    return [...SOURCE_BASE_KEYS, ...own];
  }
  const schema = walk(root, path);
  return schema ? Object.keys(objectShape(schema) ?? {}) : [];
}

function findLastKeyIndex(path: IssuePath): number {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return i;
  return -1;
}

function walk(schema: AnySchema, path: IssuePath): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const segment of path) {
    if (!current) return undefined;
    const container = unwrap(current);
    const def = container._zod.def as unknown as Record<string, unknown> & { type: string };
    if (typeof segment === 'number' && def.type === 'array') current = def.element as AnySchema;
    else if (typeof segment === 'string' && def.type === 'object') current = (def.shape as Record<string, AnySchema>)[segment];
    else return undefined;
  }
  return current;
}

function objectShape(schema: AnySchema): Record<string, AnySchema> | undefined {
  const def = unwrap(schema)._zod.def as unknown as { type: string; shape?: Record<string, AnySchema> };
  return def.type === 'object' ? def.shape : undefined;
}

/** Strips wrappers (optional, default, pipe, ...) down to the schema that holds the structure. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let depth = 0; depth < 20; depth++) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if ('innerType' in def && def.innerType) current = def.innerType as AnySchema;
    else if (def.type === 'pipe') current = def.in as AnySchema;
    else break;
  }
  return current;
}

function firstExample(schema: AnySchema): string | undefined {
  let current = schema;
  for (let depth = 0; depth < 20; depth++) {
    const meta = z.globalRegistry.get(current) as { example?: unknown } | undefined;
    if (meta?.example !== undefined) return String(meta.example);
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if ('innerType' in def && def.innerType) current = def.innerType as AnySchema;
    else if (def.type === 'pipe') current = def.in as AnySchema;
    else return undefined;
  }
  return undefined;
}
