import { afterAll, beforeAll, expect, test } from 'vitest';
import { createThreadedMailer } from '../../integrations/email/threaded-mailer.js';
import { PermanentMailError, type Mailer } from '../../integrations/email/mailer.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';

// The SMTP pool in its own thread answers as the in-thread pool does: the message id, a 5xx as
// PermanentMailError (no retry), a 4xx as a retryable error carrying its code.

let sink: MailSink;
let mailer: Mailer;
beforeAll(async () => {
  sink = await startMailSink({ refuse: ['gone@example.org'] });
  mailer = createThreadedMailer(sink.url);
});
afterAll(async () => {
  mailer.close();
  await sink.close();
});

const mail = (to: string) => ({ from: 'kaiku@example.org', to, subject: 'Hello', html: '<p>Hello</p>', text: 'Hello', messageId: `<t.${to}@example.org>` });

test('sends through the thread and reports what the server said', async () => {
  const results = await Promise.all(['a@example.org', 'b@example.org', 'c@example.org'].map((to) => mailer.send(mail(to))));
  expect(results.map((r) => r.messageId)).toEqual(['<t.a@example.org@example.org>', '<t.b@example.org@example.org>', '<t.c@example.org@example.org>']);
  expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
  const refused = await mailer.send(mail('gone@example.org')).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(PermanentMailError);
  expect((refused as PermanentMailError).responseCode).toBe(550);
});
