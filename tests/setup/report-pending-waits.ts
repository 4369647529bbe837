import { afterEach } from 'vitest';
import { forgetPendingWaits, pendingWaits } from '../helpers/pending-waits.js';

// A test that failed (a timeout above all) while a tracked wait was still open: say which, so the next look at a CI
// log starts from the wait that never ended rather than from the test's first line.
afterEach((context) => {
  const waits = pendingWaits();
  forgetPendingWaits();
  if (context.task.result?.state === 'fail' && waits.length > 0)
    console.error(`"${context.task.name}" failed while still waiting for:\n${waits.map((w) => `  - ${w}`).join('\n')}`);
});
