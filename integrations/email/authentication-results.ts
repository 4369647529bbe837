// Reads an Authentication-Results header field (RFC 8601): the verdicts a receiving mail server wrote on a
// message's SPF, DKIM and DMARC checks, under its authserv-id. The grammar has comments (nested, with quoted
// pairs), quoted strings and any number of results; real servers add their own turns (Microsoft 365 writes no
// authserv-id and puts bare domain names between results), which are read past rather than refused.

export interface AuthResult {
  /** The method, lower-cased, without its version: `dkim`, `spf`, `dmarc`, `arc`, … */
  method: string;
  /** The result, lower-cased: `pass`, `fail`, `softfail`, `none`, `neutral`, `temperror`, … */
  result: string;
  reason?: string;
  /** `ptype.property` → value, keys lower-cased (`header.d`, `header.i`, `smtp.mailfrom`, `header.from`); the first of a repeated key. */
  properties: Record<string, string>;
}

export interface AuthenticationResults {
  /** Who wrote it, lower-cased; undefined when the field starts with a result instead. */
  authservId: string | undefined;
  results: AuthResult[];
}

type Token = { kind: 'word'; text: string } | { kind: ';' | '=' };

/**
 * Parses the value of one Authentication-Results field (without the `Authentication-Results:` name).
 *
 * @example
 * parseAuthenticationResults('mx.google.com; dkim=pass header.i=@vantaa.fi; dmarc=pass (p=REJECT) header.from=vantaa.fi')
 * // { authservId: 'mx.google.com', results: [{ method: 'dkim', result: 'pass', properties: { 'header.i': '@vantaa.fi' } }, …] }
 */
export function parseAuthenticationResults(value: string): AuthenticationResults {
  const segments: Token[][] = [[]];
  for (const token of tokenize(value)) {
    if (token.kind === ';') segments.push([]);
    else segments.at(-1)!.push(token);
  }
  const [head = [], ...rest] = segments;
  let authservId: string | undefined;
  if (head.some((token) => token.kind === '=')) {
    // No authserv-id: the first segment is already a result.
    rest.unshift(head);
  } else {
    const first = head[0];
    authservId = first?.kind === 'word' ? first.text.toLowerCase() : undefined;
  }
  const results = rest.map(resultOf).filter((result) => result !== undefined);
  return { authservId, results };
}

/** One `method=result reason=… ptype.property=value …` segment; undefined for `none` and for text that is no result. */
function resultOf(tokens: Token[]): AuthResult | undefined {
  const pairs: [string, string][] = [];
  const wordAt = (i: number) => (tokens[i]?.kind === 'word' ? (tokens[i] as { text: string }).text : undefined);
  let key = '';
  for (let i = 0; i < tokens.length; i++) {
    const word = wordAt(i);
    if (word !== undefined) {
      // `dkim / 1` and `policy . expired` (white space or comments around the slash or dot) are one name.
      key = /^[./]/.test(word) || /[./]$/.test(key) ? key + word : word;
      continue;
    }
    if (tokens[i]!.kind !== '=' || !key) continue;
    let text = wordAt(i + 1) ?? '';
    if (text) i++;
    // A value with a bare '=' in it (an unquoted BATV address, prvs=…=user@domain) is read whole.
    while (tokens[i + 1]?.kind === '=' && wordAt(i + 2) !== undefined) {
      text += `=${wordAt(i + 2)}`;
      i += 2;
    }
    pairs.push([key.toLowerCase(), text]);
    key = '';
  }
  const [methodspec, ...properties] = pairs;
  if (!methodspec) return undefined;
  const result: AuthResult = { method: methodspec[0].split('/')[0]!.trim(), result: methodspec[1].toLowerCase(), properties: {} };
  for (const [key, text] of properties) {
    if (key === 'reason' && result.reason === undefined) result.reason = text;
    else if (!(key in result.properties)) result.properties[key] = text;
  }
  return result;
}

/** Words, `;` and `=`, with comments and white space dropped and quoted strings unquoted. */
function* tokenize(value: string): Generator<Token> {
  let word = '';
  let i = 0;
  const flush = function* (): Generator<Token> {
    if (word) yield { kind: 'word', text: word };
    word = '';
  };
  while (i < value.length) {
    const char = value[i]!;
    if (char === '(') {
      yield* flush();
      let depth = 0;
      for (; i < value.length; i++) {
        const c = value[i]!;
        if (c === '\\') i++;
        else if (c === '(') depth++;
        else if (c === ')' && --depth === 0) break;
      }
      i++;
    } else if (char === '"') {
      for (i++; i < value.length && value[i] !== '"'; i++) word += value[i] === '\\' ? (value[++i] ?? '') : value[i]!;
      i++;
    } else if (char === ';' || char === '=') {
      yield* flush();
      yield { kind: char };
      i++;
    } else if (/\s/.test(char)) {
      yield* flush();
      i++;
    } else {
      word += char;
      i++;
    }
  }
  yield* flush();
}

/** The Authentication-Results fields of a message in the order they appear (the receiving server's own on top). */
export function authenticationResultsFields(headerLines: readonly { key: string; line: string }[]): string[] {
  return headerLines
    .filter((header) => header.key.toLowerCase() === 'authentication-results')
    .map((header) => header.line.replace(/^[^:]*:/, '').replace(/\r?\n[ \t]+/g, ' '));
}
