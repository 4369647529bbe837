import ms, { type StringValue } from 'ms';
import { z } from 'zod';

/**
 * A duration written the way people write it: `15 minutes`, `2 hours`, `1 day`, `30s`.
 * Parsed with `ms`, the same parser Temporal uses, so a config value means the same thing
 * in a Schedule as anywhere else. The parsed value is milliseconds. A refused value's issue says which refusal it is
 * in `params` (`duration`: unreadable, too short or too long; `bound` in milliseconds), for words in other languages.
 *
 * @example pollEvery: duration({ min: '1 minute' }).meta({ example: '15 minutes' })
 */
export function duration(bounds: { min?: string; max?: string } = {}) {
  const min = bounds.min ? ms(bounds.min as StringValue) : undefined;
  const max = bounds.max ? ms(bounds.max as StringValue) : undefined;
  return z
    .union([z.string(), z.number()], {
      error: () => 'expected a duration such as "15 minutes" or "2 hours"',
    })
    .transform((value, ctx) => {
      const parsed = typeof value === 'number' ? value : parseDuration(value);
      if (parsed === undefined || !Number.isFinite(parsed) || parsed < 0) {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" is not a duration; write it like "15 minutes", "2 hours" or "1 day"`,
          params: { duration: 'unreadable' },
        });
        return z.NEVER;
      }
      if (min !== undefined && parsed < min) {
        ctx.addIssue({ code: 'custom', message: `"${value}" is too short: the least allowed is ${bounds.min}`, params: { duration: 'too short', bound: min } });
        return z.NEVER;
      }
      if (max !== undefined && parsed > max) {
        ctx.addIssue({ code: 'custom', message: `"${value}" is too long: the most allowed is ${bounds.max}`, params: { duration: 'too long', bound: max } });
        return z.NEVER;
      }
      return parsed;
    });
}

export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d/.test(trimmed)) return undefined;
  // `ms` returns undefined for what it cannot read; a bare number would mean milliseconds, which nobody writes on purpose
  if (/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const parsed = ms(trimmed as StringValue);
  return Number.isFinite(parsed) ? parsed : undefined;
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** A byte size written as `5 MB`, `512 kB` or `1048576`. The parsed value is bytes. */
export function byteSize() {
  return z.union([z.string(), z.number().int().positive()], { error: () => 'expected a size such as "5 MB" or "512 kB"' }).transform((value, ctx) => {
    const parsed = typeof value === 'number' ? value : parseByteSize(value);
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a size; write it like "5 MB" or "512 kB"` });
      return z.NEVER;
    }
    return parsed;
  });
}

export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = SIZE_UNITS[(match[2] ?? 'b').toLowerCase()];
  return unit === undefined ? undefined : Math.round(Number(match[1]) * unit);
}

/** Renders milliseconds back the way the config writes them, for logs and pages. */
export function formatDuration(milliseconds: number): string {
  return ms(milliseconds, { long: true });
}
