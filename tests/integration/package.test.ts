import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, test } from 'vitest';
import { parseDocument } from 'yaml';
import { FeedServer } from '../helpers/feed-server.js';
import { freePort } from '../helpers/free-port.js';
import { FormClient, signInAsAdmin } from '../helpers/form-client.js';
import { waitUntil } from '../helpers/kaiku-process.js';
import { outboxSignInMails } from '../helpers/outbox.js';
import { Command, descendantsOf, envWith, survivorsAfter } from '../helpers/process-tree.js';
import { listMigrations } from '../../db/migrate.js';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';

// kaiku as a developer gets it: `npm pack` of this checkout, installed from the tarball into a fresh folder,
// `kaiku init`, a kind of source of their own importing from 'kaiku', `kaiku check`, then `kaiku dev` polling
// a server of theirs until the items are on the admin page. Then SIGTERM, and nothing it started is left.

const work = mkdtempSync(join(tmpdir(), 'kaiku-package-'));
const app = join(work, 'city-advocates');
const feeds = await FeedServer.start();
afterAll(async () => {
  await feeds.close();
  rmSync(work, { recursive: true, force: true });
});

// npm's own variables from `npm test` would point the inner npm at this checkout.
const env = (changes: Record<string, string | undefined> = {}) =>
  envWith({
    ...Object.fromEntries(
      Object.keys(process.env)
        .filter((name) => /^npm_/i.test(name) || name === 'INIT_CWD')
        .map((name) => [name, undefined]),
    ),
    TEMPORAL_ADDRESS: undefined,
    DATABASE_URL: undefined,
    KAIKU_CONFIG: undefined,
    KAIKU_DATA_DIR: undefined,
    SMTP_URL: undefined,
    KAIKU_SECRET: undefined,
    ...changes,
  });

/** Seconds each step took, printed at the end: the test's budget is a few minutes on a 2-core machine. */
const took: Record<string, number> = {};
async function run(step: string, command: string, args: string[], cwd: string) {
  const started = Date.now();
  const child = new Command(command, args, { cwd, env: env() });
  const { code } = await child.exited;
  took[step] = Math.round(((took[step] ?? 0) + (Date.now() - started) / 1000) * 10) / 10;
  return { code, output: child.output.join('\n') };
}

const TEAM_NEWS = `import { defineSource, z, type SourceItem } from 'kaiku';

// The developer's own kind: a team's stories from a JSON endpoint of theirs.
export const teamNews = defineSource({
  kind: 'team-news',
  description: 'Stories of one team',
  configSchema: z.strictObject({ team: z.string().min(1).meta({ example: 'comms' }) }),
  async fetch({ source, options, http, signal }) {
    const response = await http.get(\`\${source.url}?team=\${encodeURIComponent(options.team)}\`, { accept: 'application/json', signal });
    const body = JSON.parse(response.text()) as { stories: { link: string; heading: string; tags: string[]; ends?: string }[] };
    const items: SourceItem[] = body.stories.map((story) => ({ url: story.link, title: story.heading, categories: story.tags, eventEndsAt: story.ends }));
    return { items };
  },
});
`;

test('npm pack → npm install → kaiku init → a kind of our own → kaiku check → kaiku dev polls it → SIGTERM stops all', async () => {
  // npm pack runs prepack (the build); the tarball holds dist/ and what npm always ships, nothing else.
  const packed = await run('npm pack', 'npm', ['pack', '--json', '--pack-destination', work], PROJECT_ROOT);
  expect(packed.code, packed.output).toBe(0);
  const manifest = JSON.parse(packed.output.slice(packed.output.indexOf('[\n'))) as { filename: string; files: { path: string }[] }[];
  const files = manifest[0]!.files.map((file) => file.path);
  expect(files.filter((path) => !path.startsWith('dist/'))).toEqual(['README.md', 'package.json']);
  for (const asset of [
    'dist/cli.js',
    'dist/index.js',
    'dist/index.d.ts',
    'dist/workflows/index.js',
    'dist/server/styles/kaiku.css',
    ...listMigrations().map((m) => `dist/db/migrations/${m.name}.sql`),
  ])
    expect(files, asset).toContain(asset);
  expect(files.some((path) => /(^|\/)(tests|bench)\/|\.test\.|\.ts$/.test(path.replace(/\.d\.ts$/, '')))).toBe(false);
  const tarball = join(work, manifest[0]!.filename);

  // A developer's empty folder: install the package from the tarball (dependencies from npm's cache when it has them).
  mkdirSync(app);
  const installed = await run('npm install', 'npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], app);
  expect(installed.code, installed.output).toBe(0);
  const kaikuDir = join(app, 'node_modules/kaiku');
  expect(readFileSync(join(kaikuDir, 'dist/cli.js'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');

  // Only the exports map can be imported: the root, and nothing of kaiku's insides.
  const imports = await run(
    'imports',
    'node',
    [
      '--input-type=module',
      '-e',
      `const api = await import('kaiku'); console.log(Object.keys(api).sort().join(','));
       await import('kaiku/dist/worker.js').then(() => console.log('deep import worked'), (e) => console.log(e.code));`,
    ],
    app,
  );
  expect(imports.output).toContain('FeedParseError,FetchError,KAIKU_VERSION,defineSource,runDev,runServer,runWorker,z');
  expect(imports.output).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');

  const init = await run('kaiku init', 'npx', ['kaiku', 'init'], app);
  expect(init.code, init.output).toBe(0);
  for (const file of ['kaiku.yaml', 'sources/json-posts.ts', 'README.md', '.gitignore']) expect(existsSync(join(app, file)), file).toBe(true);
  const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as Record<string, Record<string, string> | string>;
  expect(pkg.type).toBe('module');
  expect(pkg.scripts).toEqual({ dev: 'exec kaiku dev', check: 'kaiku check' });
  expect((pkg.dependencies as Record<string, string>).kaiku).toMatch(/kaiku-0\.1\.0\.tgz$/); // what npm install wrote is kept
  // The scaffold as written is valid.
  const scaffold = await run('kaiku check', 'npx', ['kaiku', 'check'], app);
  expect(scaffold.code, scaffold.output).toBe(0);
  expect(scaffold.output).toContain('source   intranet: json-posts https://intranet.example.org/api/posts.json every 15 minutes (disabled)');
  // Run again, it refuses and writes nothing.
  const again = await run('kaiku init', 'npx', ['kaiku', 'init'], app);
  expect(again.code).toBe(2);
  expect(again.output).toContain(`${join(app, 'kaiku.yaml')}, ${join(app, 'sources/json-posts.ts')}, ${join(app, 'README.md')} already exist`);

  // Our own kind, and both kinds pointed at our server (loopback, so private addresses are allowed).
  writeFileSync(join(app, 'sources/team-news.ts'), TEAM_NEWS);
  feeds.route('/team.json', (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        stories: [{ link: feeds.url('/stories/harbour-run'), heading: 'Harbour run on Saturday', tags: ['People'], ends: '2099-06-01T18:00:00Z' }],
      }),
    );
  });
  feeds.route('/posts.json', (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ posts: [{ url: feeds.url('/posts/summer-jobs'), title: 'Summer jobs at the library', tags: ['JOBS', 'Kesä'] }] }));
  });
  const doc = parseDocument(readFileSync(join(app, 'kaiku.yaml'), 'utf8'));
  doc.setIn(['sourceModules'], ['./sources/json-posts.ts', './sources/team-news.ts']);
  doc.setIn(['sources', 0, 'enabled'], false); // the scaffold's example feed is on the internet
  doc.setIn(['sources', 1, 'url'], feeds.url('/posts.json'));
  doc.setIn(['sources', 1, 'enabled'], true);
  doc.setIn(['sources', 1, 'allowPrivateAddresses'], true);
  doc.addIn(['sources'], { id: 'team', kind: 'team-news', url: feeds.url('/team.json'), team: 'comms', topics: ['jobs'], allowPrivateAddresses: true });
  writeFileSync(join(app, 'kaiku.yaml'), doc.toString());

  const checked = await run('kaiku check', 'npx', ['kaiku', 'check'], app);
  expect(checked.code, checked.output).toBe(0);
  expect(checked.output).toContain(`source   team: team-news ${feeds.url('/team.json')} every 15 minutes`);
  expect(checked.output).toContain('kinds    feed, html, json-posts, team-news');

  // The public API's types, as the developer's editor sees them (TypeScript from this checkout).
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      include: ['sources'],
    }),
  );
  const typed = await run('tsc on the kinds', 'node', [join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], app);
  expect(typed.output).toBe('');
  expect(typed.code).toBe(0);

  // kaiku dev from the programme folder: its data in ./data, the Temporal CLI given (nothing is built or downloaded).
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dev = new Command('npx', ['kaiku', 'dev'], {
    cwd: app,
    env: env({
      PORT: String(port),
      KAIKU_TEMPORAL_PORT: String(await freePort()),
      KAIKU_SMTP_PORT: String(await freePort()),
      TEMPORAL_CLI: inject('temporalCli'),
      LOG_FORMAT: 'json',
    }),
  });
  try {
    const starting = Date.now();
    await dev.waitFor(/poll schedules in place/);
    took['kaiku dev: started'] = Math.round((Date.now() - starting) / 100) / 10;
    const health = await waitUntil('healthz', async () => (await fetch(`${url}/healthz`)).status === 200);
    expect(health).toBe(true);
    const tree = descendantsOf(dev.pid);
    expect(tree.some((p) => /node_modules\/\.bin\/kaiku dev/.test(p.cmdline))).toBe(true);
    expect(tree.some((p) => /server start-dev/.test(p.cmdline) && p.cmdline.includes(join(app, 'data')))).toBe(true);

    // The items on the admin page, each with its source's topic and the one its category names.
    const reading = Date.now();
    const admin = FormClient.forUrl(url);
    await signInAsAdmin(admin, outboxSignInMails(url), 'admin@example.org');
    const page = await waitUntil('both items on the admin page', async () => {
      const got = await admin.get('/admin');
      return got.$('article.item').length === 2 ? got : undefined;
    });
    took['kaiku dev: signed in, items on the admin page'] = Math.round((Date.now() - reading) / 100) / 10;
    const tags = (title: string) =>
      page
        .$(`article.item:contains("${title}") .tag`)
        .map((_, el) => page.$(el).text())
        .get()
        .sort();
    expect(tags('Harbour run on Saturday')).toEqual(['jobs', 'people']);
    expect(tags('Summer jobs at the library')).toEqual(['jobs', 'people']);
    // the stylesheet, read beside the compiled code, is served
    const stylesheet = await fetch(new URL(page.$('link[rel=stylesheet]').attr('href')!, url));
    expect([stylesheet.status, stylesheet.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
    // the installed kaiku wrote nothing into its own folder: the workflow bundle is in the programme's data
    expect(readdirSync(join(app, 'data/workflow-bundles')).filter((name) => name.endsWith('.js'))).toHaveLength(1);
    expect(existsSync(join(kaikuDir, '.tools'))).toBe(false);

    // SIGTERM to npx, the top process: npx's shell dies of it, and kaiku, seeing its parent gone, stops it all.
    const stopping = Date.now();
    dev.child.kill('SIGTERM');
    await dev.exited;
    expect(await survivorsAfter(tree, 30_000)).toEqual([]);
    took['kaiku dev: all stopped'] = Math.round((Date.now() - stopping) / 100) / 10;
    console.info(`package test, seconds per step: ${JSON.stringify(took)}`);
  } finally {
    if (dev.child.exitCode === null) dev.child.kill('SIGKILL');
  }
}, 900_000); // a bound for a hang: 87 s on a quiet two-core machine; a fresh-clone CI run at load 15 outran 420 s
