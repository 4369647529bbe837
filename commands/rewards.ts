import { WorkflowFailedError } from '@temporalio/client';
import type { KaikuEnv } from '../config/env.js';
import type { KaikuConfig } from '../config/schema.js';
import { monthOf, monthWindow, formatMoment } from '../rules/digests/digest-moment.js';
import { rewardsClose, rewardsWorkflowId, type RewardsCloseResult } from '../workflows/engagement.js';
import { connectToWorker } from './worker-client.js';
import { EXIT } from './exit-codes.js';
import { publicBaseUrl } from '../rules/approvals/addresses.js';

type Out = (text: string) => void;

/**
 * `kaiku rewards close --month YYYY-MM`: closes the month through the running worker, the same workflow
 * the monthly Schedule runs. A month closed before is left as it is (its winners printed again).
 */
export async function closeRewardsCommand(month: string, env: KaikuEnv, config: KaikuConfig, out: Out): Promise<number> {
  const zone = config.program.timeZone;
  let window;
  try {
    window = monthWindow(month, zone);
  } catch (error) {
    out(`kaiku: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  if (window.from.getTime() > Date.now()) {
    out(`kaiku: ${month} has not begun yet (it starts ${formatMoment(window.from, zone)}); nothing was closed.\n`);
    return EXIT.usage;
  }
  if (month === monthOf(new Date(), zone)) {
    out(`Note: ${month} is not over (it ends ${formatMoment(window.to, zone)}); it is closed with the points earned so far.\n`);
  }
  const worker = await connectToWorker(env, config);
  let result: RewardsCloseResult;
  try {
    result = await worker.client.workflow.execute(rewardsClose, {
      taskQueue: worker.taskQueue,
      workflowId: rewardsWorkflowId(worker.taskQueue, month),
      args: [{ month, heartbeatTimeoutMs: config.temporal.activityHeartbeatTimeout }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
  } catch (error) {
    if (error instanceof WorkflowFailedError) {
      out(`kaiku: ${error.cause?.message ?? error.message}\n`);
      return EXIT.failure;
    }
    throw error;
  } finally {
    await worker.close();
  }
  out(
    result.closedNow
      ? `${month} closed: ${result.winners.length} winner${result.winners.length === 1 ? '' : 's'}.\n`
      : `${month} was closed before: nothing changed. Its winners:${result.winners.length === 0 ? ' none (nobody had points then).' : ''}\n`,
  );
  for (const w of result.winners) out(`  ${w.kind === 'top' ? `#${w.rank}` : 'drawn'}  advocate ${w.advocateId}  ${w.points} points\n`);
  if (result.winners.length > 0) out(`Names and addresses: ${publicBaseUrl(config)}/admin/leaderboards\n`);
  out(`Mails: ${result.mails.sent} sent now, ${result.mails.already} sent before.\n`);
  return EXIT.ok;
}
