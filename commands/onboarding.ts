import { randomUUID } from 'node:crypto';
import type { KaikuEnv } from '../config/env.js';
import type { KaikuConfig } from '../config/schema.js';
import { onboardingEnrol } from '../workflows/onboarding.js';
import { connectToWorker } from './worker-client.js';

type Out = (text: string) => void;

/**
 * `kaiku onboarding enrol --all | --advocate EMAIL…`: advocates already on the roster when onboarding was turned
 * on join the welcome sequence only this way; the next daily round sends their welcome. Enrolling twice does nothing.
 *
 * @example
 * kaiku onboarding enrol --advocate aino@vaasa.fi --advocate erik@vaasa.fi
 */
export async function enrolOnboardingCommand(who: { all: boolean; emails: string[] }, env: KaikuEnv, config: KaikuConfig, out: Out): Promise<number> {
  const worker = await connectToWorker(env, config);
  let result: { enrolled: number; unknown: string[] };
  try {
    result = await worker.client.workflow.execute(onboardingEnrol, {
      taskQueue: worker.taskQueue,
      workflowId: `${worker.taskQueue}:onboarding-enrol-${randomUUID()}`,
      args: [who.all ? { all: true } : { emails: who.emails }],
    });
  } finally {
    await worker.close();
  }
  out(`${result.enrolled} advocate${result.enrolled === 1 ? '' : 's'} enrolled; the others named were enrolled before.\n`);
  for (const email of result.unknown) out(`  ${email}: not on the roster (kaiku advocates import adds advocates); nothing done for it\n`);
  if (!config.onboarding.enabled) out('Note: onboarding is off (onboarding.enabled: false); their welcome goes once it is turned on.\n');
  return result.unknown.length > 0 ? 1 : 0;
}
