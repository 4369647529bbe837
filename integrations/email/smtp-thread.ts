// The SMTP pool's own thread: building MIME and talking SMTP for a 10,000-digest run is CPU work that
// would otherwise share one core with composing the digests and with the worker's Temporal tasks.
import { parentPort, workerData } from 'node:worker_threads';
import { createMailer, PermanentMailError, type OutgoingMail } from './mailer.js';

export type SmtpThreadRequest = { id: number; mail: OutgoingMail } | { close: true };
export type SmtpThreadReply =
  { id: number; ok: true; messageId: string } | { id: number; ok: false; message: string; responseCode?: number; permanent: boolean };

const mailer = createMailer((workerData as { smtpUrl: string }).smtpUrl);
const port = parentPort!;
port.on('message', (request: SmtpThreadRequest) => {
  if ('close' in request) {
    mailer.close();
    port.close();
    return;
  }
  mailer.send(request.mail).then(
    (result) => port.postMessage({ id: request.id, ok: true, messageId: result.messageId } satisfies SmtpThreadReply),
    (error: unknown) =>
      port.postMessage({
        id: request.id,
        ok: false,
        message: (error as Error).message,
        ...((error as { responseCode?: number }).responseCode !== undefined ? { responseCode: (error as { responseCode: number }).responseCode } : {}),
        permanent: error instanceof PermanentMailError,
      } satisfies SmtpThreadReply),
  );
});
