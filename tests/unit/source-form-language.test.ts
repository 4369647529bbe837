import { describe, expect, test } from 'vitest';
import { createSourceRegistry } from '../../activities/sources/registry.js';
import { CONSOLE_STRINGS } from '../../server/console/console-strings.js';
import { readSourceForm, sourceFieldsOf, type SourceFields } from '../../server/console/source-form.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';

// The source form's refusals in each console language (issue 17): each is told by kind, so Finnish and Swedish say
// it in their own words while English keeps the config schema's (what `kaiku check` prints) byte for byte; a refusal
// known only by its English words (a kind's own option) is wrapped in a sentence of the admin's language.

const registry = createSourceRegistry();
const config = {
  admins: [{ name: 'Ada', email: 'ada@testcity.example' }],
  sources: [{ settings: { id: 'city-news' } }],
} as unknown as Parameters<typeof readSourceForm>[1]['config'];

function refusals(typed: Partial<Record<keyof SourceFields, string>>, language: ConsoleLanguage, taken?: (id: string) => string | undefined) {
  const fields = sourceFieldsOf({ id: 'blog', kind: 'feed', url: 'https://blog.testcity.example/feed.xml', ...typed });
  const form = readSourceForm(fields, { registry, config, enabled: true, taken }, CONSOLE_STRINGS[language].sourceForm);
  return form.ok ? {} : form.errors;
}

describe('the source form’s refusals by language', () => {
  test('English keeps the config schema’s words', () => {
    expect(refusals({ id: 'Blog!', url: 'ftp://blog.example/feed', pollEvery: '10 seconds', approvers: 'stranger@elsewhere.example' }, 'en')).toEqual({
      id: '"Blog!": an id is lowercase letters, digits and dashes (it names the source in URLs and Schedules)',
      url: '"ftp://blog.example/feed": expected an http:// or https:// URL',
      pollEvery: '"10 seconds" is too short: the least allowed is 1 minute',
      approvers: '"stranger@elsewhere.example" is not one of the admins; add them under admins: or correct the address',
    });
    expect(refusals({ pollEvery: 'fortnightly' }, 'en')).toEqual({
      pollEvery: '"fortnightly" is not a duration; write it like "15 minutes", "2 hours" or "1 day"',
    });
    expect(refusals({ id: 'city-news' }, 'en')).toEqual({ id: 'id "city-news" is set in kaiku.yaml; give this source another id' });
  });

  test('Finnish says each field’s refusal in its own words, bounds through Intl', () => {
    expect(refusals({ id: 'Blog!', url: 'ftp://blog.example/feed', pollEvery: '10 seconds', approvers: 'stranger@elsewhere.example' }, 'fi')).toEqual({
      id: '”Blog!”: tunnisteessa saa olla vain pieniä kirjaimia, numeroita ja yhdysviivoja (se nimeää lähteen osoitteissa ja ajastuksissa)',
      url: '”ftp://blog.example/feed”: osoitteen on oltava http://- tai https://-osoite',
      pollEvery: '”10 seconds” on liian lyhyt: lyhin sallittu hakuväli on 1 minuutti',
      approvers: '”stranger@elsewhere.example” ei ole ohjelman ylläpitäjä; lisää hänet kohtaan admins: tai korjaa osoite',
    });
    expect(refusals({ pollEvery: '8 days', priority: '11', language: 'finnish' }, 'fi')).toEqual({
      pollEvery: '”8 days” on liian pitkä: pisin sallittu hakuväli on 7 päivää',
      priority: '”11”: prioriteetti on kokonaisluku 0–10',
      language: '”finnish”: kielikoodi on esimerkiksi fi, sv tai en-GB',
    });
    expect(refusals({ id: 'suggestions' }, 'fi').id).toBe(
      'tunniste ”suggestions” on kaikun oma (lähettiläiden ehdottamat linkit); anna lähteelle toinen tunniste',
    );
    expect(refusals({ id: 'jobs' }, 'fi', (id) => (id === 'jobs' ? 'Jobs' : undefined)).id).toBe(
      'tunniste ”jobs” on jo lähteen ”Jobs” käytössä; jokainen lähde tarvitsee oman tunnisteen',
    );
  });

  test('Swedish too; the options’ words from YAML and from the kind stay English inside a Swedish sentence', () => {
    expect(refusals({ pollEvery: 'fortnightly', contentType: 'News!' }, 'sv')).toEqual({
      pollEvery: '”fortnightly” är inget tidsintervall; skriv till exempel 15 minuter, 2 timmar eller 1 dag',
      contentType: '”News!”: en innehållstyp är ett kort ord med små bokstäver, till exempel news, blog, video eller jobs',
    });
    expect(refusals({ options: 'url: https://x.example/' }, 'sv').options).toBe('url har ett eget fält ovan; lämna det utanför typens inställningar');
    expect(refusals({ options: 'a: [' }, 'sv').options).toMatch(/^kaiku kan inte läsa det här som YAML\. Tolkarens meddelande på engelska: .+/);
    // The feed kind takes no option of its own: zod's English, wrapped.
    const english = refusals({ options: 'selectors: {}' }, 'en').options!;
    expect(english).not.toBe('');
    expect(refusals({ options: 'selectors: {}' }, 'sv').options).toBe(`värdet godtogs inte. Orsak på engelska: ${english}`);
    expect(refusals({ options: 'selectors: {}' }, 'fi').options).toBe(`arvoa ei hyväksytty. Syy englanniksi: ${english}`);
  });

  test('a test’s warnings: skipped entries counted in the language, the kind’s own English warnings wrapped', () => {
    expect(CONSOLE_STRINGS.en.sourceForm.warning(1, 3, ['a bare &'], '1 of 3 entries would be skipped. a bare &')).toBe(
      '1 of 3 entries would be skipped. a bare &',
    );
    expect(CONSOLE_STRINGS.fi.sourceForm.warning(1, 3, ['a bare &'], 'x')).toBe('1/3 merkintää ohitettaisiin; huomautus englanniksi: a bare &');
    expect(CONSOLE_STRINGS.sv.sourceForm.warning(0, 3, [], undefined)).toBeUndefined();
    expect(
      CONSOLE_STRINGS.sv.sourceForm.previewRefused(
        { kind: 'fetch', failure: 'http-status', url: 'https://x.example/', status: 404 },
        'the server answered HTTP 404',
      ),
    ).toBe('servern svarade HTTP 404');
  });
});
