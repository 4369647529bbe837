// The baseline of bench/digest, in its own process as kaiku's worker is: a bare nodemailer pool sending
// pre-rendered messages. Args: SMTP URL, a JSON file {from, subject, html, text}, count, messages in flight,
// connections (kaiku's digest.relay.connections, so both sides use as many).
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';

const [smtpUrl, file, countText, concurrencyText, connectionsText] = process.argv.slice(2) as [string, string, string, string, string];
const mail = JSON.parse(readFileSync(file, 'utf8')) as { from: string; subject: string; html: string; text: string };
const count = Number(countText);
const transport = nodemailer.createTransport({
  pool: true,
  maxConnections: Number(connectionsText),
  host: '127.0.0.1',
  port: Number(new URL(smtpUrl).port),
  ignoreTLS: true,
});
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: Number(concurrencyText) }, async () => {
    while (next < count) {
      const i = next++;
      await transport.sendMail({ from: mail.from, to: `advocate${i}@bench.example`, subject: mail.subject, html: mail.html, text: mail.text });
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
transport.close();
process.stdout.write(`${JSON.stringify({ seconds, sent: count })}\n`);
