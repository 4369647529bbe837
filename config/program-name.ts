import type { KaikuConfig } from './schema.js';

/**
 * The programme's name as an advocate who reads `language` knows it: `program.names[language]` where kaiku.yaml
 * gives one (a bilingual city has two names), else `program.name`.
 *
 * @example programNameIn(config.program, 'sv') // 'Vasa stads ambassadörer'
 */
export function programNameIn(program: Pick<KaikuConfig['program'], 'name' | 'names'>, language: string | null | undefined): string {
  return (language ? program.names[language as keyof typeof program.names] : undefined) ?? program.name;
}
