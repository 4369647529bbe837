import { expect, test } from 'vitest';
import { stringify } from 'yaml';
import { parseConfigText } from '../../config/load.js';
import { ConfigError } from '../../config/errors.js';
import { programNameIn } from '../../config/program-name.js';
import { sourceKinds } from '../../activities/sources/registry.js';

// A bilingual programme has two names (Vaasan kaupunki / Vasa stad): each advocate reads the one of their language.

const admins = [{ name: 'A', email: 'a@vaasa.fi' }];
const parse = (program: Record<string, unknown>) => parseConfigText(stringify({ program, admins }), 'kaiku.yaml', { kinds: sourceKinds() });

test('program.names gives the name per language; any other language reads program.name', async () => {
  const { config } = await parse({ name: 'Vaasan kaupungin lähettiläät', names: { sv: 'Vasa stads ambassadörer' }, languages: ['fi', 'sv', 'en'] });
  expect(programNameIn(config.program, 'sv')).toBe('Vasa stads ambassadörer');
  expect(programNameIn(config.program, 'fi')).toBe('Vaasan kaupungin lähettiläät');
  expect(programNameIn(config.program, 'en')).toBe('Vaasan kaupungin lähettiläät');
  expect(programNameIn(config.program, null)).toBe('Vaasan kaupungin lähettiläät');
});

test('a name under something that is not a language code is refused, naming the key', async () => {
  const error = await parse({ name: 'P', names: { swedish: 'Vasa' } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems.map((p) => `${p.where}: ${p.message}`).join(' ')).toContain('program.names');
});
