import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

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
