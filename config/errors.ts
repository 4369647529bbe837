import type { z } from 'zod';

/** One thing wrong with the configuration, said so that a person can fix it. */
export interface ConfigProblem {
  /** `sources[1].pollEvery`, or an environment variable's name. */
  where: string;
  line?: number | undefined;
  message: string;
  /** A right value, written as it would stand in the file: `pollEvery: 15 minutes`. */
  example?: string | undefined;
}

/** Thrown for a config that cannot run; the CLI prints `format()` and exits non-zero, with no stack trace. */
export class ConfigError extends Error {
  constructor(
    readonly origin: string,
    readonly problems: ConfigProblem[],
  ) {
    super(`${origin}: ${problems.map((p) => `${p.where}: ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }

  format(): string {
    const count = this.problems.length === 1 ? 'a problem' : `${this.problems.length} problems`;
    const lines = [`${this.origin} has ${count}:`, ''];
    for (const problem of this.problems) {
      const at = problem.line ? ` (line ${problem.line})` : '';
      lines.push(`  ✗ ${problem.where}${at}: ${problem.message}`);
      if (problem.example) lines.push(`      for example:  ${problem.example}`);
      lines.push('');
    }
    return lines.join('\n');
  }
}

export type IssuePath = readonly PropertyKey[];

/** `['sources', 1, 'pollEvery']` → `sources[1].pollEvery` */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out || '(top level)';
}

/** Says what was wrong with the value in plain words, quoting the value. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      return `expected ${article(issue.expected)}, got ${describeValue(input)}`;
    case 'invalid_value':
      return `${describeValue(input)} is not one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} ${issue.minimum === 1 ? 'entry' : 'entries'}${customSuffix(issue.message)}`;
      if (issue.origin === 'string') return 'must not be empty';
      return `${describeValue(input)} is too small: the least allowed is ${String(issue.minimum)}`;
    case 'too_big':
      return `${describeValue(input)} is too large: the most allowed is ${String(issue.maximum)}`;
    case 'invalid_union':
      return `${describeValue(input)} is not a valid value`;
    default: {
      const quoted = typeof input === 'string' || typeof input === 'number' ? describeValue(input) : '';
      if (!quoted || issue.message.includes(String(input))) return issue.message;
      return /^(is|must|has|does) /.test(issue.message) ? `${quoted} ${issue.message}` : `${quoted}: ${issue.message}`;
    }
  }
}

function customSuffix(message: string): string {
  return message.startsWith('Too small') ? '' : `: ${message}`;
}

function article(type: string): string {
  const words: Record<string, string> = {
    string: 'text',
    number: 'a number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a map of keys',
  };
  return words[type] ?? type;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map of keys';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

/** The nearest known key to a mistyped one, for "did you mean". */
export function closestKey(unknown: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(unknown.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(unknown.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
