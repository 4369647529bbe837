import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';

const UNITS = join(PROJECT_ROOT, 'deploy/systemd');
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

/** systemd-analyze verify exits 0 even on unknown keys; its warnings are the verdict. */
function verify(path: string): string {
  const result = spawnSync('systemd-analyze', ['verify', '--man=no', path], { encoding: 'utf8' });
  if (result.error) throw new Error(`systemd-analyze is needed for this test (Debian: apt-get install systemd): ${result.error.message}`);
  return `${result.stdout}${result.stderr}`.trim();
}

test('systemd-analyze verify finds nothing to say about the worker and serve units (and does about a broken one)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaiku-units-'));
  // A template is verified as an instance of it, as `systemctl enable kaiku-worker@1` would load it.
  writeFileSync(join(dir, 'kaiku-worker@1.service'), readFileSync(join(UNITS, 'kaiku-worker@.service')));
  expect(verify(join(dir, 'kaiku-worker@1.service'))).toBe('');
  expect(verify(join(UNITS, 'kaiku-serve.service'))).toBe('');

  writeFileSync(join(dir, 'broken.service'), '[Service]\nExecStart=/usr/bin/env node x\nRestart=sometimes\n');
  expect(verify(join(dir, 'broken.service'))).toMatch(/restart specifier/);
});

test('the units start the installed package’s kaiku bin with the command they are named after', () => {
  for (const [file, command] of [
    ['kaiku-worker@.service', 'worker'],
    ['kaiku-serve.service', 'serve'],
  ] as const) {
    const unit = readFileSync(join(UNITS, file), 'utf8');
    expect(unit).toContain(`ExecStart=/usr/bin/env node node_modules/kaiku/${pkg.bin.kaiku} ${command}\n`);
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/kaiku\/kaiku\.env$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
  }
  expect(execFileSync('systemd-analyze', ['--version'], { encoding: 'utf8' })).toMatch(/systemd \d+/);
});
