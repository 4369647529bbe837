import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** kaiku's signing key; every token purpose signs with its own key derived from it. */
export class Secret {
  readonly #master: Buffer;
  readonly #keys = new Map<string, Buffer>();

  constructor(master: string | Buffer) {
    this.#master = Buffer.isBuffer(master) ? master : Buffer.from(master, 'utf8');
    if (this.#master.length < 32) throw new Error('the signing secret must be at least 32 bytes long');
  }

  /** An HMAC-SHA256 of `data` under the key for `purpose`. */
  sign(purpose: string, data: Buffer | string): Buffer {
    return createHmac('sha256', this.keyFor(purpose)).update(data).digest();
  }

  /** Compares a signature prefix in constant time. */
  verify(purpose: string, data: Buffer | string, signature: Buffer): boolean {
    const expected = this.sign(purpose, data).subarray(0, signature.length);
    return signature.length >= 10 && timingSafeEqual(expected, signature);
  }

  private keyFor(purpose: string): Buffer {
    let key = this.#keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.#master, Buffer.alloc(0), `kaiku:${purpose}`, 32));
      this.#keys.set(purpose, key);
    }
    return key;
  }

  toJSON(): string {
    return '[secret]';
  }
}

/**
 * KAIKU_SECRET when set; otherwise a key generated once into the data directory, so that `kaiku dev`
 * needs no setup and its links survive a restart. Processes that share links (worker and server on
 * different machines) must share KAIKU_SECRET.
 */
export function loadSecret(options: { secret?: string | undefined; dataDir: string }): { secret: Secret; generated: boolean; path?: string } {
  if (options.secret) return { secret: new Secret(options.secret), generated: false };
  const path = join(options.dataDir, 'secret.key');
  try {
    return { secret: new Secret(readFileSync(path, 'utf8').trim()), generated: false, path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const value = randomBytes(48).toString('base64');
  // wx: two processes starting at once must not overwrite each other's key
  try {
    writeFileSync(path, `${value}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600);
    return { secret: new Secret(value), generated: true, path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { secret: new Secret(readFileSync(path, 'utf8').trim()), generated: false, path };
  }
}
