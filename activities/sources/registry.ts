import type { SourceDefinition } from './define-source.js';
import type { SourceKinds } from '../../model/source.js';
import type { SourceModuleExport } from '../../config/load.js';
import { feedSource } from './feed.js';
import { htmlListingSource } from './html-listing.js';

export const BUILT_IN_SOURCES: readonly SourceDefinition<any>[] = [feedSource, htmlListingSource];

/** The kinds of source this kaiku knows: the built-ins plus those a developer defined. */
export class SourceRegistry implements SourceKinds {
  readonly #byKind = new Map<string, SourceDefinition<any>>();

  constructor(definitions: readonly SourceDefinition<any>[]) {
    for (const definition of definitions) {
      if (this.#byKind.has(definition.kind)) {
        throw new Error(`two sources define kind "${definition.kind}": give one of them another kind`);
      }
      this.#byKind.set(definition.kind, definition);
    }
  }

  get(kind: string): SourceDefinition<any> | undefined {
    return this.#byKind.get(kind);
  }

  kinds(): string[] {
    return [...this.#byKind.keys()];
  }
}

export function createSourceRegistry(extra: readonly SourceDefinition<any>[] = []): SourceRegistry {
  return new SourceRegistry([...BUILT_IN_SOURCES, ...extra]);
}

/**
 * What `loadConfig` needs to know the kinds a config may name: the built-ins, `extra` (kinds defined in code:
 * tests, embedders) and whatever the config's `sourceModules` export.
 *
 * @example
 * const { config, registry } = await loadConfig({ path: 'kaiku.yaml', kinds: sourceKinds([intranetNews]) });
 */
export function sourceKinds(extra: readonly SourceDefinition<any>[] = []): (found: SourceModuleExport[]) => SourceRegistry {
  return (found) => createSourceRegistry([...extra, ...(found as unknown as SourceDefinition<any>[])]);
}
