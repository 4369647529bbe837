import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { ensureTemporalCli, findTemporalCli, TemporalCliError } from '../../integrations/temporal/cli-binary.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiku-cli-find-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeBinary(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'temporal');
  writeFileSync(path, '#!/bin/sh\necho fake\n');
  chmodSync(path, 0o755);
  return path;
}

test('TEMPORAL_CLI wins, then PATH, then the tools folder', () => {
  const explicit = fakeBinary(join(dir, 'explicit'));
  const onPath = fakeBinary(join(dir, 'path'));
  const tools = fakeBinary(join(dir, 'tools'));
  expect(findTemporalCli({ TEMPORAL_CLI: explicit, PATH: join(dir, 'path') }, join(dir, 'tools'))).toBe(explicit);
  expect(findTemporalCli({ PATH: `/nonexistent:${join(dir, 'path')}` }, join(dir, 'tools'))).toBe(onPath);
  expect(findTemporalCli({ PATH: '/nonexistent' }, join(dir, 'tools'))).toBe(tools);
  expect(findTemporalCli({ PATH: '/nonexistent' }, join(dir, 'empty'))).toBeUndefined();
});

test('a TEMPORAL_CLI that is not an executable is an error that says how to fix it', () => {
  const notExecutable = join(dir, 'not-executable');
  writeFileSync(notExecutable, 'x');
  expect(() => findTemporalCli({ TEMPORAL_CLI: notExecutable })).toThrow(TemporalCliError);
  expect(() => findTemporalCli({ TEMPORAL_CLI: notExecutable })).toThrow(/is not an executable file; unset it/);
});

test('nothing is built when a binary is found', async () => {
  const tools = fakeBinary(join(dir, 'found'));
  const progress: string[] = [];
  // no Go on this PATH: a build attempt would fail, so finding the binary must not try one
  expect(await ensureTemporalCli({ env: { PATH: '/nonexistent' }, toolsBin: join(dir, 'found'), progress: (line) => progress.push(line) })).toBe(tools);
  expect(progress).toEqual([]);
});

test('without a binary and without Go, the error names both ways out', async () => {
  const error = await ensureTemporalCli({ env: { PATH: '/nonexistent' }, toolsBin: join(dir, 'nothing'), progress: () => undefined }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TemporalCliError);
  expect((error as Error).message).toMatch(/Go is not on PATH.*set TEMPORAL_CLI.*TEMPORAL_ADDRESS/);
});
