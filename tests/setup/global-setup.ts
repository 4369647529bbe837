import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { ensureTemporalCli } from '../../integrations/temporal/cli-binary.js';
import { WORKFLOWS_PATH } from '../../integrations/temporal/workflow-bundle.js';
import { startTestPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalCli: string;
    postgresUrl: string;
    workflowBundlePath: string;
  }
}

/**
 * One Temporal dev server (the CLI built from source, never downloaded), one PostgreSQL and one
 * workflow bundle for the whole run; each test file uses its own task queues and databases.
 */
export default async function setup(project: TestProject) {
  const temporalCli = await ensureTemporalCli({ progress: (line) => process.stderr.write(`${line}\n`) });
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const [env, postgres] = await Promise.all([
    TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalCli }, ip: '127.0.0.1' } }),
    startTestPostgres(),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'kaiku-bundle-'));
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  const workflowBundlePath = join(dir, 'workflows.js');
  writeFileSync(workflowBundlePath, bundle.code);

  project.provide('temporalAddress', env.address);
  project.provide('temporalCli', temporalCli);
  project.provide('postgresUrl', postgres.url);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await env.teardown();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
