import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { AdvocateInput } from '../model/advocate.js';

// What the CLI asks of a running worker: the worker owns the store (PGlite admits one process), so
// `kaiku digest preview` and `kaiku advocates import` work the same beside `kaiku dev` and in production.

const { previewDigest, importAdvocates } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 3 },
});

export async function digestPreview(input: { email: string }) {
  return previewDigest(input);
}

export async function advocatesImport(input: { advocates: AdvocateInput[] }) {
  return importAdvocates(input);
}
