import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, test } from 'vitest';
import { KaikuProcess } from '../helpers/kaiku-process.js';
import { startMailSink } from '../helpers/mail.js';
import { freePort } from '../helpers/free-port.js';
import { createPostgresDatabase, dropPostgresDatabase } from '../helpers/databases.js';
import { listMigrations } from '../../db/migrate.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiku-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BAD = `program:
  name: Test City
  timeZone: Europe/Helsingfors
admins:
  - name: Ada
    email: ada@testcity.example
sources:
  - id: news
    kind: feed
    url: https://example.org/feed.xml
    pollEvery: every 15
`;

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  const process = KaikuProcess.start(args, {
    KAIKU_DATA_DIR: join(dir, 'data'),
    TEMPORAL_ADDRESS: undefined,
    DATABASE_URL: undefined,
    KAIKU_CONFIG: undefined,
    ...env,
  });
  const { code } = await process.exited;
  return { code, output: process.output.join('\n') };
}

test('a config error stops kaiku before it starts anything: exit 2, the problems and their fixes, no stack trace', async () => {
  writeFileSync(join(dir, 'bad.yaml'), BAD);
  for (const command of ['check', 'dev']) {
    const { code, output } = await run([command, '--config', join(dir, 'bad.yaml')]);
    expect(code, command).toBe(2);
    expect(output).toContain(`kaiku cannot start: ${join(dir, 'bad.yaml')} has 2 problems:`);
    expect(output).toContain('✗ program.timeZone (line 3): "Europe/Helsingfors" is not an IANA time zone name');
    expect(output).toContain('for example:  timeZone: Europe/Helsinki');
    expect(output).toContain('✗ sources[0].pollEvery (line 11)');
    expect(output).not.toMatch(/^\s+at /m);
  }
  expect(existsSync(join(dir, 'data'))).toBe(false);
});

test('a bad environment variable is named with an example', async () => {
  const { code, output } = await run(['check'], { PORT: 'eighty' });
  expect(code).toBe(2);
  expect(output).toContain('the environment has a problem:');
  expect(output).toContain('for example:  PORT=8080');
});

test('kaiku worker without TEMPORAL_ADDRESS says how to point it at a server', async () => {
  const { code, output } = await run(['worker', '--config', join(dir, 'bad.yaml')]);
  expect(code).toBe(1);
  expect(output).toContain('TEMPORAL_ADDRESS is not set');
  expect(output).toContain('kaiku dev');
});

test('kaiku check validates the example config; an unknown command prints the help', async () => {
  const ok = await run(['check', '--config', 'kaiku.example.yaml']);
  expect(ok.code).toBe(0);
  expect(ok.output).toContain('kaiku.example.yaml is valid.');
  expect(ok.output).toContain('source   open-positions: html https://www.vantaa.example/fi/tyopaikat every 6 hours');
  const unknown = await run(['frobnicate']);
  expect(unknown.code).toBe(2);
  expect(unknown.output).toContain('unknown command "frobnicate"');
  expect(unknown.output).toContain('Usage: kaiku <command>');
});

test('kaiku migrate and kaiku serve run apart, for production, against PostgreSQL and a Temporal server', async () => {
  const databaseUrl = await createPostgresDatabase();
  const sink = await startMailSink();
  try {
    const migrated = await run(['migrate'], { DATABASE_URL: databaseUrl });
    expect(migrated.code).toBe(0);
    // every migration in db/migrations, in order, on a fresh database
    expect(migrated.output).toContain(`"migrations":${JSON.stringify(listMigrations().map((m) => m.name))}`);

    // production processes send mail through the organisation's server and say so when it is missing
    const noSmtp = await run(['serve', '--config', 'kaiku.example.yaml'], {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      KAIKU_CONFIG: undefined,
    });
    expect(noSmtp.code).not.toBe(0);
    expect(noSmtp.output).toContain('SMTP_URL is not set');

    const port = await freePort();
    const serve = KaikuProcess.start(['serve', '--config', 'kaiku.example.yaml'], {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      PORT: String(port),
      SMTP_URL: sink.url,
      KAIKU_SECRET: 'k'.repeat(40),
      KAIKU_CONFIG: undefined,
    });
    await serve.waitForOutput(/HTTP server listening/);
    // `serve` alone: its dependencies answer, and it says that no worker polls its task queue
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({
      status: 'degraded',
      checks: {
        database: { ok: true },
        temporal: { ok: true },
        smtp: { ok: true },
        workers: { ok: false, pollers: 0, detail: expect.stringMatching(/no kaiku worker/) },
      },
    });
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    // the admin page asks for sign-in; the outbox exists only with the embedded catcher (dev)
    const admin = await fetch(`http://127.0.0.1:${port}/admin`);
    expect(admin.url).toBe(`http://127.0.0.1:${port}/admin/login`);
    expect(await admin.text()).toContain('City of Vantaa employee advocates');
    expect((await fetch(`http://127.0.0.1:${port}/outbox`)).status).toBe(404);
    expect(await serve.stop()).toEqual({ code: 0, signal: null });
  } finally {
    await sink.close();
    await dropPostgresDatabase(databaseUrl);
  }
});

test('kaiku onboarding enrol wants either --all or the advocates it names, and says so', async () => {
  for (const args of [
    ['onboarding', 'enrol'],
    ['onboarding', 'enrol', '--all', '--advocate', 'aino@testcity.example'],
    ['onboarding', 'start'],
  ]) {
    const { code, output } = await run([...args, '--config', 'kaiku.example.yaml']);
    expect(code, args.join(' ')).toBe(2);
    expect(output).toContain('kaiku onboarding enrol [--config FILE] [--all] [--advocate EMAIL …]');
    if (args[1] === 'enrol') expect(output).toContain('kaiku: onboarding enrol: give either --all or --advocate EMAIL (one or more)');
    else expect(output).toContain('"kaiku onboarding start" is not a command');
  }
});
