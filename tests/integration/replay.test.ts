import { readdirSync, readFileSync } from 'node:fs';
import { expect, inject, test } from 'vitest';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { FIXTURES } from '../helpers/fixtures.js';
import { installTemporalRuntime } from '../../integrations/temporal/runtime-logger.js';
import { quietLog } from '../helpers/harness.js';
import * as workflows from '../../workflows/index.js';

// Histories recorded from real runs (npm run histories:record) must replay against today's workflow
// code: a change that breaks them would break workflows already running.
const histories = readdirSync(`${FIXTURES}histories`)
  .filter((file) => file.endsWith('.json'))
  // runReplayHistory reads the JSON that `temporal workflow show --output json` writes
  .map((file) => ({ file, history: JSON.parse(readFileSync(`${FIXTURES}histories/${file}`, 'utf8')) as unknown }));

test('there are recorded histories of every workflow the worker runs (each export of workflows/index.ts)', () => {
  const recorded = new Set(
    histories.map(
      ({ history }) =>
        (history as { events: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[] }).events[0]!
          .workflowExecutionStartedEventAttributes!.workflowType!.name,
    ),
  );
  const exported = Object.entries(workflows)
    .filter(([, value]) => typeof value === 'function')
    .map(([name]) => name)
    .sort();
  expect(exported).toEqual(expect.arrayContaining(['approveItem', 'pollSource', 'signInLink'])); // the exports are read at all
  expect(exported.filter((name) => !recorded.has(name))).toEqual([]);
  // and the outcomes that take different paths through a workflow
  expect(histories.map((h) => h.file)).toEqual(
    expect.arrayContaining([
      'approve-item-decided.json',
      'approve-item-expired.json',
      'approve-item-waiting.json',
      'poll-source-not-modified.json',
      'poll-source-unhealthy.json',
    ]),
  );
});

test.each(histories)('$file replays against the current workflow code', async ({ history, file }) => {
  installTemporalRuntime(quietLog);
  await expect(Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, file)).resolves.toBeUndefined();
});

test('a reordered workflow fails to replay (the check can fail)', async () => {
  installTemporalRuntime(quietLog);
  const bundle = await bundleWorkflowCode({ workflowsPath: `${FIXTURES}workflows/reordered-poll-source.ts`, logger: new DefaultLogger('WARN') });
  const changed = histories.find((h) => h.file === 'poll-source-changed.json')!;
  await expect(Worker.runReplayHistory({ workflowBundle: bundle }, changed.history, changed.file)).rejects.toBeInstanceOf(DeterminismViolationError);
});
