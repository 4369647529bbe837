import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { z } from 'zod';
import {
  fetchSchema,
  programSchema,
  serverSchema,
  sourceBaseShape,
  temporalSchema,
  adminSchema,
  approvalSchema,
  emailSchema,
  digestSchema,
} from '../../config/schema.js';
import { htmlListingSource } from '../../activities/sources/html-listing.js';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';

const doc = readFileSync(`${PROJECT_ROOT}docs/configuration.md`, 'utf8');
const example = readFileSync(`${PROJECT_ROOT}kaiku.example.yaml`, 'utf8');

const keysOf = (schema: z.ZodObject) => Object.keys(schema.shape);
const selectorKeys = Object.keys(((htmlListingSource.configSchema as unknown as z.ZodObject).shape.selectors as z.ZodObject).shape);

test.each([
  ['program', keysOf(programSchema)],
  ['admins', keysOf(adminSchema)],
  ['sources', Object.keys(sourceBaseShape)],
  ['kind: html selectors', selectorKeys],
  ['fetch', keysOf(fetchSchema)],
  ['server', keysOf(serverSchema)],
  ['temporal', keysOf(temporalSchema)],
  ['approval', keysOf(approvalSchema)],
  ['email', keysOf(emailSchema)],
  ['digest', keysOf(digestSchema)],
  ['environment', ['KAIKU_SECRET', 'SMTP_URL', 'IMAP_URL', 'INBOUND_WEBHOOK_SECRET', 'KAIKU_SMTP_PORT']],
])('every %s key is documented in docs/configuration.md', (_section, keys) => {
  const undocumented = keys.filter((key) => !doc.includes(`| \`${key}\` |`));
  expect(undocumented).toEqual([]);
});

test('the example config shows every fetch setting with its default', () => {
  for (const key of keysOf(fetchSchema).filter((k) => k !== 'userAgent')) expect(example).toMatch(new RegExp(`^\\s+${key}:`, 'm'));
});
