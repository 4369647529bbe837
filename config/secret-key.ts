import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Where kaiku's signing key comes from (rules/tokens/secret.ts derives every token's key from it).

/**
 * KAIKU_SECRET when set; otherwise a key generated once into the data directory, so that `kaiku dev`
 * needs no setup and its links survive a restart. Processes that share links (worker and server on
 * different machines) must share KAIKU_SECRET.
 */
export function loadSecretKey(options: { secret?: string | undefined; dataDir: string }): { key: string; generated: boolean; path?: string } {
  if (options.secret) return { key: options.secret, generated: false };
  const path = join(options.dataDir, 'secret.key');
  try {
    return { key: readFileSync(path, 'utf8').trim(), generated: false, path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const value = randomBytes(48).toString('base64');
  // wx: two processes starting at once must not overwrite each other's key
  try {
    writeFileSync(path, `${value}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600);
    return { key: value, generated: true, path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: readFileSync(path, 'utf8').trim(), generated: false, path };
  }
}
