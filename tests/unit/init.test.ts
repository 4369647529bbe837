import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { initProgramme } from '../../commands/init.js';
import { loadConfig } from '../../config/load.js';
import { sourceKinds } from '../../activities/sources/registry.js';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';

const root = mkdtempSync(join(tmpdir(), 'kaiku-init-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function init(folder: string) {
  const said: string[] = [];
  const code = initProgramme(folder, '0.4.2', (text) => said.push(text));
  return { code, said: said.join('') };
}

/** Every file under `dir` with its contents, to assert that nothing changed. */
function contents(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true }))
      if (entry.isDirectory()) walk(join(sub, entry.name));
      else files[join(sub, entry.name)] = readFileSync(join(dir, sub, entry.name), 'utf8');
  };
  walk('');
  return files;
}

test('kaiku init writes a programme folder whose kaiku.yaml is valid with its example kind', async () => {
  const folder = join(root, 'city-advocates');
  const { code, said } = init(folder);
  expect(code).toBe(0);
  expect(Object.keys(contents(folder)).sort()).toEqual(['.gitignore', 'README.md', 'kaiku.yaml', 'package.json', 'sources/json-posts.ts']);
  expect(said).toContain(`cd ${folder}`);
  expect(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'))).toEqual({
    name: 'city-advocates',
    private: true,
    type: 'module',
    scripts: { dev: 'exec kaiku dev', check: 'kaiku check' },
    dependencies: { kaiku: '^0.4.2' },
  });
  expect(readFileSync(join(folder, '.gitignore'), 'utf8')).toBe('node_modules/\ndata/\n');
  const readme = readFileSync(join(folder, 'README.md'), 'utf8');
  expect(readme).toContain('npm run dev');
  expect(readme).toContain('npm run check');

  // The example kind imports from 'kaiku'; here that is this checkout's index.ts (the package test runs the real one).
  const kind = readFileSync(join(folder, 'sources/json-posts.ts'), 'utf8');
  expect(kind).toContain("from 'kaiku';");
  writeFileSync(join(folder, 'sources/json-posts.ts'), kind.replace("from 'kaiku';", `from '${join(PROJECT_ROOT, 'index.ts')}';`));
  const { config, registry } = await loadConfig({ path: join(folder, 'kaiku.yaml'), kinds: sourceKinds() });
  expect(registry.kinds()).toEqual(['feed', 'html', 'json-posts']);
  expect(config.program.name).toBe('city-advocates employee advocates');
  expect(config.sources.map((s) => [s.settings.id, s.settings.kind, s.settings.enabled, s.options])).toEqual([
    ['news', 'feed', true, {}],
    ['intranet', 'json-posts', false, { limit: 20 }],
  ]);
});

test('kaiku init never overwrites: an existing kaiku.yaml is named and nothing is written', () => {
  const folder = join(root, 'taken');
  mkdirSync(join(folder, 'sources'), { recursive: true });
  writeFileSync(join(folder, 'kaiku.yaml'), 'program: { name: Mine }\n');
  writeFileSync(join(folder, 'sources/json-posts.ts'), '// mine\n');
  const before = contents(folder);
  const { code, said } = init(folder);
  expect(code).toBe(2);
  expect(said).toContain(`${join(folder, 'kaiku.yaml')}, ${join(folder, 'sources/json-posts.ts')} already exist; kaiku init never overwrites`);
  expect(said).toContain('Nothing was written.');
  expect(contents(folder)).toEqual(before);
});

test('an existing package.json and .gitignore are completed, nothing in them changed', () => {
  const folder = join(root, 'installed');
  mkdirSync(folder);
  const mine = {
    name: 'our-programme',
    version: '1.0.0',
    scripts: { dev: 'kaiku dev --config ours.yaml' },
    dependencies: { kaiku: 'file:../kaiku-0.4.2.tgz', lodash: '4.17.21' },
  };
  writeFileSync(join(folder, 'package.json'), JSON.stringify(mine));
  writeFileSync(join(folder, '.gitignore'), 'node_modules\n/data/');
  expect(init(folder).code).toBe(0);
  expect(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'))).toEqual({
    ...mine,
    private: true,
    type: 'module',
    scripts: { dev: 'kaiku dev --config ours.yaml', check: 'kaiku check' },
  });
  // both lines are there in another spelling: nothing to add
  expect(readFileSync(join(folder, '.gitignore'), 'utf8')).toBe('node_modules\n/data/');
  writeFileSync(join(folder, '.gitignore'), 'dist/');
  rmSync(join(folder, 'kaiku.yaml'));
  rmSync(join(folder, 'README.md'));
  rmSync(join(folder, 'sources'), { recursive: true });
  expect(init(folder).code).toBe(0);
  expect(readFileSync(join(folder, '.gitignore'), 'utf8')).toBe('dist/\nnode_modules/\ndata/\n');
});

test('a CommonJS package.json or a broken one is refused, naming the fix, and nothing is written', () => {
  for (const [name, text, says] of [
    ['commonjs', JSON.stringify({ name: 'x', type: 'commonjs' }), '"type": "commonjs"; a programme folder is an ES module package'],
    ['broken', '{ "name": ', 'is not valid JSON'],
  ] as const) {
    const folder = join(root, name);
    mkdirSync(folder);
    writeFileSync(join(folder, 'package.json'), text);
    const { code, said } = init(folder);
    expect(code, name).toBe(2);
    expect(said).toContain(says);
    expect(Object.keys(contents(folder))).toEqual(['package.json']);
    expect(existsSync(join(folder, 'kaiku.yaml'))).toBe(false);
  }
});
