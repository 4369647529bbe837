import { expect, test } from 'vitest';
import { pendingWaits, tracked } from '../helpers/pending-waits.js';

test('a tracked wait is listed while it is open and gone once it settles, resolved or rejected', async () => {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const resolved = tracked('the poll of news', () => new Promise<void>((resolve) => (finish = resolve)));
  const rejected = tracked('a sign-in mail', () => new Promise<void>((_, reject) => (fail = reject)));
  expect(pendingWaits().map((w) => w.replace(/ \(for \d+ s\)$/, ''))).toEqual(['the poll of news', 'a sign-in mail']);
  finish();
  await resolved;
  expect(pendingWaits().map((w) => w.replace(/ \(for \d+ s\)$/, ''))).toEqual(['a sign-in mail']);
  fail(new Error('refused'));
  await expect(rejected).rejects.toThrow('refused');
  expect(pendingWaits()).toEqual([]);
});
