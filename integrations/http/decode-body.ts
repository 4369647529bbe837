import { TextDecoder } from 'node:util';
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { decodeEbcdic, ebcdicTable, looksLikeEbcdicXml } from './ebcdic.js';

/** A body that claims (by its first bytes) to be compressed but does not decompress. */
export class BodyDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BodyDecodeError';
  }
}

export interface DecodedBody {
  text: string;
  /** The charset the text was decoded from, as kaiku understood it. */
  charset: string;
  /** What was not as it should be but was read anyway, in words for the admin page. */
  warnings: string[];
}

// Bodies are capped before decompression by the HTTP client; this caps what a small gzip may inflate to.
const DEFAULT_MAX_INFLATED = 20 * 1024 * 1024;

/**
 * Decodes a body by the charset its Content-Type declares, else the one its XML prolog or HTML
 * `<meta charset>` names, else UTF-8: old municipal feeds still come as ISO-8859-1.
 */
export function decodeBody(body: Buffer, contentType: string | undefined, options: { maxBytes?: number } = {}): string {
  return decodeBodyDetailed(body, contentType, options).text;
}

/**
 * As `decodeBody`, and says what it had to work around. A gzip or zlib body served without
 * Content-Encoding is recognised by its magic bytes and inflated; a byte-order mark, or UTF-16/32's
 * pattern of zero bytes around `<?xml`, wins over any declaration (which can only be read once the
 * encoding is known); charsets Node does not have come from iconv-lite (UTF-32, code page 437, TCVN, …)
 * and EBCDIC from kaiku's own tables.
 *
 * @example decodeBodyDetailed(gzipSync('<rss/>'), 'text/xml').text === '<rss/>'
 */
export function decodeBodyDetailed(raw: Buffer, contentType: string | undefined, options: { maxBytes?: number } = {}): DecodedBody {
  const warnings: string[] = [];
  const body = inflateSniffed(raw, options.maxBytes ?? DEFAULT_MAX_INFLATED, warnings);

  const sniffed = sniffByBytes(body);
  if (sniffed) return { text: decodeWith(body, sniffed, warnings), charset: sniffed, warnings };
  if (looksLikeEbcdicXml(body)) {
    const name = /encoding\s*=\s*["']([\w.:-]+)["']/.exec(decodeEbcdic(body.subarray(0, 200), ebcdicTable('cp037')!))?.[1] ?? 'cp037';
    const table = ebcdicTable(name) ?? ebcdicTable('cp037')!;
    return { text: decodeEbcdic(body, table), charset: name, warnings };
  }
  const declared = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ?? sniffDeclared(body);
  const charset = declared ?? 'utf-8';
  return { text: decodeWith(body, charset, warnings), charset, warnings };
}

function inflateSniffed(body: Buffer, maxOutputLength: number, warnings: string[]): Buffer {
  const gzip = body[0] === 0x1f && body[1] === 0x8b;
  // A zlib stream: CMF 0x78 (deflate, 32 kB window) and a header whose check bits make it a multiple of 31.
  const zlib = body[0] === 0x78 && body.length > 2 && ((body[0] << 8) | body[1]!) % 31 === 0;
  if (!gzip && !zlib) return looksBinary(body) ? (inflateRawQuietly(body, maxOutputLength, warnings) ?? body) : body;
  try {
    const inflated = gzip ? gunzipSync(body, { maxOutputLength }) : inflateSync(body, { maxOutputLength });
    warnings.push(`the answer was ${gzip ? 'gzip' : 'zlib'}-compressed without saying so (no Content-Encoding); kaiku decompressed it`);
    return inflated;
  } catch (error) {
    if (zlib && !gzip) {
      try {
        return inflateRawSync(body, { maxOutputLength });
      } catch {
        // fall through to the refusal below
      }
    }
    const why = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'it inflates to more than the size limit' : (error as Error).message;
    throw new BodyDecodeError(
      `the answer starts like ${gzip ? 'gzip' : 'zlib'}-compressed data but does not decompress (${why}); the server may have cut it short or compressed it twice`,
    );
  }
}

// Raw deflate has no magic bytes: tried only on a body that is not text in any encoding kaiku reads.
function looksBinary(body: Buffer): boolean {
  const head = body.subarray(0, 64);
  if (head.length < 4 || sniffByBytes(body) || looksLikeEbcdicXml(body)) return false;

  return /[\u0000-\u0008\u000E-\u001A]/.test(head.toString('latin1')) || !/^\s*[<{[]/.test(head.toString('latin1'));
}

function inflateRawQuietly(body: Buffer, maxOutputLength: number, warnings: string[]): Buffer | undefined {
  try {
    const inflated = inflateRawSync(body, { maxOutputLength });
    if (!/^\s*[<{[]/.test(inflated.subarray(0, 64).toString('latin1'))) return undefined;
    warnings.push('the answer was deflate-compressed without saying so (no Content-Encoding); kaiku decompressed it');
    return inflated;
  } catch {
    return undefined;
  }
}

/** The encoding told by the first bytes alone: a byte-order mark, or the zero bytes of UTF-16/32 around `<`. */
function sniffByBytes(b: Buffer): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff) return 'utf-32be';
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00) return 'utf-32le';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0x00 && b[3] === 0x3c) return 'utf-32be';
  if (b[0] === 0x3c && b[1] === 0x00 && b[2] === 0x00 && b[3] === 0x00) return 'utf-32le';
  if (b[0] === 0x00 && b[1] === 0x3c && b[2] === 0x00) return 'utf-16be';
  if (b[0] === 0x3c && b[1] === 0x00 && b[2] !== 0x00) return 'utf-16le';
  return undefined;
}

function sniffDeclared(body: Buffer): string | undefined {
  const head = body.subarray(0, 1024).toString('latin1');
  return /<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ?? /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
}

// Names that mean "the UTF-16 the bytes already told" (UCS-2 is its subset).
const UTF16_ALIASES = /^(utf-?16|ucs-?2|iso-10646-ucs-2|csunicode)$/i;

function decodeWith(body: Buffer, charset: string, warnings: string[]): string {
  const name = UTF16_ALIASES.test(charset) ? 'utf-16le' : charset;
  const text = tryDecode(body, name);
  if (text !== undefined) return text.replace(/^\uFEFF/, '');
  warnings.push(`the answer names the charset "${charset.slice(0, 40)}", which kaiku does not know; it was read as UTF-8`);
  return new TextDecoder('utf-8').decode(body).replace(/^\uFEFF/, '');
}

// Mac Central European under the names feeds give it; iconv-lite calls it maccenteuro.
const ICONV_ALIASES: Record<string, string> = { maccentraleurope: 'maccenteuro', maclatin2: 'maccenteuro', 'x-mac-ce': 'maccenteuro' };

function tryDecode(body: Buffer, name: string): string | undefined {
  if (/^utf-?32/i.test(name) || /^ucs-?4$/i.test(name)) {
    const le = /le$/i.test(name) || (!/be$/i.test(name) && body[0] !== 0x00);
    return iconv.decode(body, le ? 'utf-32le' : 'utf-32be');
  }
  if (/^utf-?(8|16)/i.test(name)) return new TextDecoder(name).decode(body);
  // Single-byte and Asian charsets from iconv-lite first: Node 20's TextDecoder reads windows-1252 as Latin-1
  // (0x80 becomes a control character, not €).
  const iconvName = ICONV_ALIASES[name.toLowerCase()] ?? name;
  if (iconv.encodingExists(iconvName)) return iconv.decode(body, iconvName);
  try {
    return new TextDecoder(name).decode(body);
  } catch {
    // neither knows it; EBCDIC is ours
  }
  const table = ebcdicTable(name);
  return table ? decodeEbcdic(body, table) : undefined;
}
