import { expect, test } from 'vitest';
import { auditTrail } from '../../server/pages/audit-trail.js';
import type { AuditTrailRow } from '../../db/schema.js';
import { CAPTION_ENTITIES } from '../../db/queries/caption-templates.js';

// The audit trail is recorded in English (issue 17); a Finnish or Swedish page says what was done, the changed
// fields and a few recorded words in its language, and an English page shows it as recorded.

let id = 0;
const row = (overrides: Partial<AuditTrailRow>): AuditTrailRow =>
  ({
    id: String(++id),
    at: new Date('2026-12-04T08:30:00Z'),
    actor: 'ada@city.example',
    entity: 'source',
    entity_id: 'news',
    action: 'paused',
    before: { state: 'active' },
    after: { state: 'paused' },
    ...overrides,
  }) as AuditTrailRow;
const names = new Map([['ada@city.example', 'Ada Admin']]);
const text = async (rows: AuditTrailRow[], language: 'en' | 'fi' | 'sv') =>
  String(await auditTrail({ rows, names }, 'Europe/Helsinki', { language }))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

test('a pause: recorded words in English, read in Finnish and Swedish', async () => {
  const paused = row({});
  expect(await text([paused], 'en')).toContain('Ada Admin paused state : active → paused');
  expect(await text([paused], 'fi')).toContain('Ada Admin keskeytti tila : käytössä → keskeytetty');
  expect(await text([paused], 'sv')).toContain('Ada Admin pausade status : aktiv → pausad');
});

test('a caption template by its network and language; an action or field it has no words for, as recorded', async () => {
  const template = row({
    entity: CAPTION_ENTITIES.template,
    entity_id: 'linkedin/fi',
    action: 'changed the LinkedIn template in Finnish',
    before: { 'variant 1': 'a' },
    after: { 'variant 1': 'b' },
  });
  const reset = row({ ...template, id: 'r', action: 'reset the LinkedIn template in Finnish to the default' });
  expect(await text([template], 'en')).toContain('Ada Admin changed the LinkedIn template in Finnish variant 1 : a → b');
  expect(await text([template], 'fi')).toContain('Ada Admin muutti LinkedIn-pohjaa (suomi) versio 1 : a → b');
  expect(await text([reset], 'sv')).toContain('Ada Admin återställde mallen för LinkedIn (finska) till standard');
  const unknown = row({ action: 'renamed', before: { colour: 'red' }, after: { colour: 'blue' } });
  expect(await text([unknown], 'fi')).toContain('Ada Admin renamed colour : red → blue');
});
