import { Writable } from 'node:stream';
import { expect, test } from 'vitest';
import { createLogger } from '../../config/logger.js';

test('secrets are redacted from log lines wherever they sit', () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ format: 'json', destination });
  log.info(
    {
      password: 'hunter2',
      config: { token: 'xoxb-123', apiKey: 'k-1' },
      headers: { authorization: 'Bearer abc' },
      DATABASE_URL: 'postgres://u:p@h/db',
      sourceId: 'news',
    },
    'hello',
  );
  const line = JSON.parse(lines[0]!) as Record<string, unknown>;
  expect(line).toMatchObject({
    msg: 'hello',
    sourceId: 'news',
    password: '[redacted]',
    DATABASE_URL: '[redacted]',
    config: { token: '[redacted]', apiKey: '[redacted]' },
    headers: { authorization: '[redacted]' },
  });
  expect(lines.join('')).not.toMatch(/hunter2|xoxb-123|k-1|Bearer abc|u:p@h/);
});
