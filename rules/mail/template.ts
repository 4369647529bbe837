// A template compiled once into its static parts and named slots, then filled per recipient by joining
// strings: the digest's hot path never parses or renders a template from scratch.
import { qpPiece } from './quoted-printable.js';

export interface CompiledTemplate<K extends string = string> {
  fill(values: Record<K, string>): string;
  /** The filled text quoted-printable encoded, from values already encoded with `qpPiece`: the static parts are encoded once. */
  fillQp(encodedValues: Record<K, string>): string;
  readonly slots: readonly K[];
}

/** Compiles `source`, where `{{name}}` marks a slot for each of `names`; any other braces are text. */
export function compileTemplate<K extends string>(source: string, names: readonly K[]): CompiledTemplate<K> {
  const parts: string[] = [];
  const slots: K[] = [];
  let last = 0;
  const pattern = new RegExp(`\\{\\{(${names.join('|')})\\}\\}`, 'g');
  for (const match of source.matchAll(pattern)) {
    parts.push(source.slice(last, match.index));
    slots.push(match[1] as K);
    last = match.index + match[0].length;
  }
  parts.push(source.slice(last));
  let encoded: string[] | undefined;
  return {
    slots,
    fillQp(values) {
      encoded ??= parts.map(qpPiece);
      let out = encoded[0]!;
      for (let i = 0; i < slots.length; i++) out += values[slots[i]!] + encoded[i + 1]!;
      return out;
    },
    fill(values) {
      let out = parts[0]!;
      for (let i = 0; i < slots.length; i++) out += values[slots[i]!] + parts[i + 1]!;
      return out;
    },
  };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}
