import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { EXIT } from './exit-codes.js';
import { EXAMPLE_KIND, EXAMPLE_KIND_FILE, GITIGNORE_LINES, kaikuYaml, readme } from './init-templates.js';

type Out = (text: string) => void;

/** The files `kaiku init` writes, which it never overwrites. */
const OWN_FILES = ['kaiku.yaml', EXAMPLE_KIND_FILE, 'README.md'];

/**
 * `kaiku init [folder]`: scaffolds a programme folder. kaiku.yaml, the example kind and README.md are new
 * files, never overwritten; package.json and .gitignore are created, or completed (what is missing is added,
 * nothing there is changed), so `npm install kaiku && npx kaiku init` works in the same folder.
 *
 * @example
 * await initProgramme('city-advocates', '0.1.0', process.stdout.write.bind(process.stdout));
 */
export function initProgramme(folder: string, version: string, out: Out, err: Out = out): number {
  const root = resolve(folder);
  const name = basename(root);
  const taken = OWN_FILES.filter((file) => existsSync(join(root, file)));
  const packagePath = join(root, 'package.json');
  let manifest: Record<string, unknown> = {};
  if (existsSync(packagePath)) {
    try {
      manifest = JSON.parse(readFileSync(packagePath, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      err(`kaiku init: ${packagePath} is not valid JSON (${(error as Error).message}); fix or remove it, then run kaiku init again. Nothing was written.\n`);
      return EXIT.usage;
    }
    if (manifest.type !== undefined && manifest.type !== 'module') {
      err(
        `kaiku init: ${packagePath} says "type": ${JSON.stringify(manifest.type)}; a programme folder is an ES module package ("type": "module"). Change it, or init another folder. Nothing was written.\n`,
      );
      return EXIT.usage;
    }
  }
  if (taken.length > 0) {
    err(
      `kaiku init: ${taken.map((file) => join(root, file)).join(', ')} already ${taken.length === 1 ? 'exists' : 'exist'}; kaiku init never overwrites. Move ${taken.length === 1 ? 'it' : 'them'} away or init another folder (kaiku init new-folder). Nothing was written.\n`,
    );
    return EXIT.usage;
  }

  const written: string[] = [];
  const write = (file: string, text: string) => {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
    written.push(file);
  };
  const programName = `${name} employee advocates`;
  write('kaiku.yaml', kaikuYaml(programName));
  write(EXAMPLE_KIND_FILE, EXAMPLE_KIND);
  write('README.md', readme(programName));
  write('package.json', `${JSON.stringify(completeManifest(manifest, name, version), null, 2)}\n`);
  const gitignorePath = join(root, '.gitignore');
  const gitignore = existsSync(gitignorePath) ? readFileSync(gitignorePath, 'utf8') : '';
  const bare = (line: string) => line.trim().replace(/^\/|\/$/g, '');
  const missing = GITIGNORE_LINES.filter((line) => !gitignore.split('\n').some((have) => bare(have) === bare(line)));
  if (missing.length > 0) write('.gitignore', `${gitignore}${gitignore && !gitignore.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`);

  const where = folder === '.' ? '.' : folder;
  out(
    [
      `A kaiku programme in ${root}:`,
      ...written.map((file) => `  ${file}`),
      '',
      'Next:',
      ...(where === '.' ? [] : [`  cd ${where}`]),
      '  npm install      # kaiku and what it needs',
      '  npm run check    # validates kaiku.yaml and prints what it configures',
      '  npm run dev      # runs it all on this machine; the admin page is at http://127.0.0.1:8080/admin',
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

/** package.json with what a programme needs added: nothing already there is changed. */
function completeManifest(manifest: Record<string, unknown>, name: string, version: string): Record<string, unknown> {
  const scripts = { ...(manifest.scripts as Record<string, string> | undefined) };
  // exec: npm's shell hands SIGTERM and SIGINT to kaiku itself, which stops everything it started.
  scripts.dev ??= 'exec kaiku dev';
  scripts.check ??= 'kaiku check';
  const dependencies = { ...(manifest.dependencies as Record<string, string> | undefined) };
  dependencies.kaiku ??= `^${version}`;
  return {
    name:
      manifest.name ??
      (name
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[._-]+/, '') ||
        'kaiku-programme'),
    private: manifest.private ?? true,
    ...manifest,
    type: 'module',
    scripts,
    dependencies,
  };
}
