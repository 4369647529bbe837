import { describe, expect, test } from 'vitest';
import { simpleParser } from 'mailparser';
import { newTextOf, parseReplyCommand, type ReplyCommand } from '../../integrations/email/reply-parser.js';
import { derivedReplies, derivedReplyBytes, type ReplyExpectation } from '../helpers/corpus.js';

// The scorecard over 590 decision replies derived from 118 real client replies (tests/fixtures/corpus/README.md):
// each is read as the inbound path reads a mail (mailparser with the same options for .eml, the text or the HTML
// body for the saved parts), and its command is compared with what its writer meant: the action, and the caption
// or reason exactly, never a sign-off, a signature or a quote in it.

async function mailOf(path: string): Promise<{ text?: string | undefined; html?: string | false | undefined }> {
  const bytes = derivedReplyBytes(path);
  if (path.endsWith('.eml')) {
    const mail = await simpleParser(bytes, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true, maxHtmlLengthToParse: 2_000_000 });
    return { text: mail.text, html: mail.html };
  }
  if (path.endsWith('.html')) return { html: bytes.toString('utf8') };
  return { text: bytes.toString('utf8') };
}

function textOf(command: ReplyCommand): string | undefined {
  if (command.action === 'approve') return command.caption;
  if (command.action === 'reject') return command.reason;
  return undefined;
}

describe('the reply corpus scorecard', () => {
  test('every reply decides what its writer meant: the action always, the caption or reason exactly, a hedge never approves', async () => {
    const replies = derivedReplies();
    type Line = { total: number; action: number; exact: number; withText: number };
    const byVariant: Record<string, Line> = {};
    const byLanguage: Record<string, Line> = {};
    const wrong: string[] = [];
    let hedgedApproved = 0;
    const started = performance.now();
    for (const [path, expected] of replies) {
      const command = parseReplyCommand(newTextOf(await mailOf(path)));
      const wantText = expected.caption ?? expected.reason;
      const gotText = textOf(command);
      const rightAction = command.action === expected.action;
      const exact = rightAction && gotText === wantText;
      for (const line of [
        (byVariant[expected.variant] ??= { total: 0, action: 0, exact: 0, withText: 0 }),
        (byLanguage[expected.language] ??= { total: 0, action: 0, exact: 0, withText: 0 }),
      ]) {
        line.total++;
        if (rightAction) line.action++;
        // A decision's text is exact when it is what was written, and absent when nothing was: an approve that picks up a caption is wrong too.
        if (expected.action !== 'unclear') {
          line.withText++;
          if (exact) line.exact++;
        }
      }
      if (expected.variant.startsWith('hedged') && command.action === 'approve') hedgedApproved++;
      if (!exact) wrong.push(`${path} (${expected.client}, ${expected.language}): wanted ${wanted(expected)}, got ${JSON.stringify(command)}`);
    }
    const sum = (lines: Line[]) =>
      lines.reduce((a, b) => ({ total: a.total + b.total, action: a.action + b.action, exact: a.exact + b.exact, withText: a.withText + b.withText }));
    const all = sum(Object.values(byVariant));
    const percent = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);
    const row = (name: string, line: Line) =>
      `${name.padEnd(16)} ${String(line.total).padStart(5)}  ${`${line.action} (${percent(line.action, line.total)})`.padStart(14)}  ${line.withText ? `${line.exact}/${line.withText} (${percent(line.exact, line.withText)})` : '–'}`;
    console.log(
      [
        `reply corpus scorecard (${replies.length} replies, ${Math.round(performance.now() - started)} ms)`,
        'variant          total    right action  exact caption/reason (none where none was written)',
        ...Object.entries(byVariant).map(([name, line]) => row(name, line)),
        row('all', all),
        `hedged replies approved: ${hedgedApproved}`,
        'by language:',
        ...Object.entries(byLanguage)
          .sort(([, a], [, b]) => b.total - a.total)
          .map(([name, line]) => row(`  ${name}`, line)),
        ...wrong.map((w) => `  wrong: ${w}`),
      ].join('\n'),
    );
    expect(hedgedApproved).toBe(0);
    expect(all.action).toBe(all.total);
    expect(all.exact / all.withText).toBeGreaterThanOrEqual(0.98);
  });
});

function wanted(expected: ReplyExpectation): string {
  return JSON.stringify({
    action: expected.action,
    ...(expected.caption ? { caption: expected.caption } : {}),
    ...(expected.reason ? { reason: expected.reason } : {}),
  });
}
