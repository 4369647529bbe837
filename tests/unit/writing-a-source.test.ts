import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';

const guide = readFileSync(`${PROJECT_ROOT}docs/writing-a-source.md`, 'utf8');

/** The fields an interface of model/source.ts declares, read from the source text. */
function fieldsOf(name: string): string[] {
  const text = readFileSync(`${PROJECT_ROOT}model/source.ts`, 'utf8');
  const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(text)![1]!;
  return [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1]!);
}

test('the guide lists every field of an item, eventEndsAt included', () => {
  const fields = fieldsOf('SourceItem');
  expect(fields).toContain('eventEndsAt');
  expect(fields.filter((field) => !guide.includes(`| \`${field}\` |`))).toEqual([]);
});

test('the guide names every setting a kind receives in source, and imports from the package only', () => {
  const settingsRow = guide.split('\n').find((line) => line.startsWith('| `source` |'))!;
  expect(fieldsOf('SourceSettings').filter((field) => !settingsRow.includes(`\`${field}\``))).toEqual([]);
  const imports = [...guide.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
  expect(imports.length).toBeGreaterThan(0);
  expect(imports.filter((from) => from !== 'kaiku' && !from!.startsWith('./sources/'))).toEqual([]);
});
