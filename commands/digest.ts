import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { parseRoster, refusalText } from '../rules/advocates/roster.js';
import type { KaikuEnv } from '../config/env.js';
import type { KaikuConfig } from '../config/schema.js';
import type { DigestPreview } from '../activities/digest-composer.js';
import { advocatesImport, digestPreview } from '../workflows/digest-commands.js';
import { sendDigests, type SendDigestsResult } from '../workflows/send-digests.js';
import { describeHeld } from '../rules/digests/mail-budget.js';
import { connectToWorker } from './worker-client.js';
import { EXIT } from './exit-codes.js';

type Out = (text: string) => void;

/** `kaiku advocates import FILE`: checks every row here, upserts the good ones through the worker, reports both. */
export async function importRoster(file: string, env: KaikuEnv, config: KaikuConfig, out: Out): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    out(`kaiku: cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}\n`);
    return EXIT.usage;
  }
  const roster = parseRoster(text);
  let inserted = 0;
  let updated = 0;
  if (roster.rows.length > 0) {
    const worker = await connectToWorker(env, config);
    try {
      for (let start = 0; start < roster.rows.length; start += 1000) {
        const chunk = roster.rows.slice(start, start + 1000).map((row) => row.advocate);
        const result = await worker.client.workflow.execute(advocatesImport, {
          taskQueue: worker.taskQueue,
          workflowId: `${worker.taskQueue}:import-${randomUUID()}`,
          args: [{ advocates: chunk }],
        });
        inserted += result.inserted;
        updated += result.updated;
      }
    } finally {
      await worker.close();
    }
  }
  out(`${file}: ${roster.rows.length} imported (${inserted} new, ${updated} updated), ${roster.refused.length} refused\n`);
  for (const refusal of roster.refused) out(`  ${refusalText(refusal)}\n`);
  // Refused rows are the caller's to fix: a script sees it in the exit code, the good rows are in.
  return roster.refused.length > 0 ? EXIT.partial : EXIT.ok;
}

/** `kaiku digest preview --advocate EMAIL [--html FILE]`: the next digest as text, nothing sent. */
export async function previewDigestCommand(email: string, htmlFile: string | undefined, env: KaikuEnv, config: KaikuConfig, out: Out): Promise<number> {
  const worker = await connectToWorker(env, config);
  let preview: DigestPreview | null;
  try {
    preview = await worker.client.workflow.execute(digestPreview, {
      taskQueue: worker.taskQueue,
      workflowId: `${worker.taskQueue}:preview-${randomUUID()}`,
      args: [{ email }],
    });
  } finally {
    await worker.close();
  }
  if (!preview) {
    out(`kaiku: no advocate has the address ${email}; import them with \`kaiku advocates import roster.csv\`\n`);
    return EXIT.failure;
  }
  if (!preview.mail) {
    out(`${preview.advocate.name} <${preview.advocate.email}> would get no digest now: no approved item fits them yet.\n`);
    return EXIT.ok;
  }
  if (htmlFile) await writeFile(htmlFile, preview.mail.html);
  out(`To: ${preview.advocate.name} <${preview.advocate.email}> (${preview.advocate.language})\nSubject: ${preview.mail.subject}\n\n${preview.mail.text}`);
  if (htmlFile) out(`\nHTML written to ${htmlFile}\n`);
  return EXIT.ok;
}

/** `kaiku digest send --now`: this period's digests to everyone who has not had theirs. */
export async function sendDigestsNow(env: KaikuEnv, config: KaikuConfig, out: Out): Promise<number> {
  const worker = await connectToWorker(env, config);
  let result: SendDigestsResult;
  try {
    result = await worker.client.workflow.execute(sendDigests, {
      taskQueue: worker.taskQueue,
      workflowId: `${worker.taskQueue}:digest-now-${new Date().toISOString()}`,
      args: [{ force: true, batchSize: config.digest.batchSize, heartbeatTimeoutMs: config.temporal.activityHeartbeatTimeout }],
    });
  } finally {
    await worker.close();
  }
  // The figures are the store's for this run, so an attempt lost to a crash still counts what it delivered.
  const held = describeHeld(result.held);
  out(
    `Digests: ${result.sent} sent, ${result.empty} with nothing relevant (no mail), ${result.bounced} refused by the mail server, ${result.deferred} deferred; ${result.planned} newly due.${held ? ` Held by the mail budget (mail: in the config): ${held}.` : ''}${result.runId ? ` Run ${result.runId} on the console's Digests page.` : ''}\n`,
  );
  return EXIT.ok;
}
