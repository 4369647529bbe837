import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseRoster, refusalText } from '../../rules/advocates/roster.js';
import { CONSOLE_STRINGS } from '../../server/console/console-strings.js';
import { readAdvocateForm } from '../../server/console/advocate-form.js';
import { refusalLine } from '../../server/routes/admin-roster-import.js';
import { dayText } from '../../server/routes/admin-advocates.js';
import { FIXTURES } from '../helpers/fixtures.js';

// The advocate form's and the roster upload's refusals in the console's languages (issue 17): English as the roster
// parser and `kaiku advocates import` say it, Finnish and Swedish from each refusal's kind and values.

const { en, fi, sv } = CONSOLE_STRINGS;
const BROKEN = 'email;name;language;timezone\r\naino@vaasa.example;Aino;fi;Europe/Helsinki\r\n"Pekka Ö" <pekka@vaasa.example>;Pekka;fi;Europe/Helsinki\r\n';
const FIELDS = [
  'email,name,language,time_zone,branch,topics,networks,mastodon_instance',
  'Not-An-Email,  ,XX,Mars/Olympus,,,myspace,not a host',
  'short@vantaa.example,Short',
].join('\n');

describe('a refused roster row in the admin’s language', () => {
  test('in English, the very line the CLI prints, for every kind of refusal', async () => {
    const rosters = [await readFile(join(FIXTURES, 'rosters', 'vaasa-hr-export.csv'), 'utf8'), BROKEN, FIELDS, '', 'mail,name\na@b.fi,A\n'];
    const refused = rosters.flatMap((text) => parseRoster(text).refused);
    expect(new Set(refused.map((r) => r.cause.kind))).toEqual(new Set(['fields', 'repeated', 'unreadable', 'empty', 'columns']));
    expect(refused.map((r) => refusalLine(r, en))).toEqual(refused.map(refusalText));
  });

  test('in Finnish: the line, the address and each field’s problem', () => {
    expect(parseRoster(FIELDS).refused.map((r) => refusalLine(r, fi))).toEqual([
      'rivi 2 (Not-An-Email): ”not-an-email” ei ole sähköpostiosoite; nimi on tyhjä; tuntematon kieli ”xx”; kaiku kirjoittaa koosteita näillä kielillä: fi, sv, en, da; ' +
        'tuntematon aikavyöhyke ”Mars/Olympus”; käytä IANA-nimeä, esimerkiksi Europe/Helsinki; tuntematon kanava ”myspace”; käytettävissä ovat linkedin, x, facebook, bluesky, mastodon, threads, whatsapp; ' +
        'Mastodon-palvelin annetaan verkkotunnuksena, esimerkiksi mastodon.social',
      'rivi 3 (short@vantaa.example): kieli puuttuu; aikavyöhyke puuttuu',
    ]);
    expect(refusalLine(parseRoster(BROKEN).refused[0]!, fi)).toBe(
      'rivi 3: tiedostoa ei voi lukea tämän rivin jälkeen: kirjoita lainausmerkkejä tai merkin ; sisältävä solu lainausmerkkeihin, kahdenna solun omat lainausmerkit ja lataa tiedosto uudelleen; tiedostosta ei tuotu mitään',
    );
    expect(refusalLine(parseRoster('').refused[0]!, fi)).toBe('rivi 1: tiedosto on tyhjä; ensimmäisellä rivillä ovat sarakkeiden nimet');
    expect(refusalLine(parseRoster('email,name,language\na@b.fi,A,fi\n').refused[0]!, fi)).toBe(
      'rivi 1: otsikkorivillä ei ole saraketta timeZone (odotetaan: email,name,language,time_zone,branch,topics,networks)',
    );
    expect(refusalLine(parseRoster('mail,name\na@b.fi,A\n').refused[0]!, fi)).toBe(
      'rivi 1: otsikkorivillä ei ole sarakkeita email, language, timeZone (odotetaan: email,name,language,time_zone,branch,topics,networks)',
    );
  });

  test('in Swedish, a repeated address and a missing column', () => {
    expect(refusalLine(parseRoster('email,name,language,tz\na@b.fi,A,fi,UTC\nA@b.fi,B,sv,UTC\n').refused[0]!, sv)).toBe(
      'rad 3 (a@b.fi): a@b.fi finns redan på rad 2; varje ambassadör bara en gång',
    );
    expect(refusalLine(parseRoster('email,name,language\na@b.fi,A,fi\n').refused[0]!, sv)).toBe(
      'rad 1: rubrikraden saknar kolumnen timeZone (förväntat: email,name,language,time_zone,branch,topics,networks)',
    );
    expect(refusalLine(parseRoster('').refused[0]!, sv)).toBe('rad 1: filen är tom; första raden ska namnge kolumnerna');
  });

  test('the counts’ words follow the number: 1 rivi, 4 riviä; 1 rad, 4 rader; the import button likewise', () => {
    expect(fi.rosterImport.wouldImport(1, 1)).toEqual([
      '',
      ' rivi tuotaisiin (uudet lisätään, aiemmat päivitetään osoitteen perusteella); ',
      ' rivi hylättäisiin.',
    ]);
    expect(fi.rosterImport.wouldImport(4, 0)[1]).toMatch(/^ riviä /);
    expect(sv.rosterImport.wouldImport(1, 0)[1]).toMatch(/^ rad skulle/);
    expect(sv.rosterImport.wouldImport(2, 0)[1]).toMatch(/^ rader skulle/);
    expect([fi.rosterImport.importButton(1, '1'), fi.rosterImport.importButton(1200, '1 200')]).toEqual(['Tuo 1 lähettiläs', 'Tuo 1 200 lähettilästä']);
    expect([sv.rosterImport.importButton(1, '1'), en.rosterImport.importButton(4, '4')]).toEqual(['Importera 1 ambassadör', 'Import 4 advocates']);
  });
});

describe('the advocate form’s refusals', () => {
  const body = { email: 'Aino@', name: ' ', language: 'de', timeZone: 'Helsinki', networks: ['x', 'tiktok'] };

  test('in English the roster’s own words, as before; in Finnish and Swedish from the kind and value', () => {
    expect(readAdvocateForm(body, en.advocateForm)).toMatchObject({
      ok: false,
      errors: {
        email: '"aino@" is not an email address',
        name: 'the name is empty',
        language: 'unknown language "de"; kaiku writes digests in fi, sv, en, da',
        timeZone: 'unknown time zone "Helsinki"; use an IANA name such as Europe/Helsinki',
        networks: 'unknown network "tiktok"; use linkedin, x, facebook, bluesky, mastodon, threads, whatsapp',
      },
    });
    expect(readAdvocateForm(body, fi.advocateForm)).toMatchObject({
      ok: false,
      errors: {
        email: '”aino@” ei ole sähköpostiosoite',
        name: 'nimi on tyhjä',
        language: 'tuntematon kieli ”de”; kaiku kirjoittaa koosteita näillä kielillä: fi, sv, en, da',
      },
    });
    expect(readAdvocateForm(body, sv.advocateForm)).toMatchObject({
      ok: false,
      errors: {
        email: '”aino@” är ingen e-postadress',
        name: 'namnet är tomt',
        timeZone: 'okänd tidszon ”Helsinki”; använd ett IANA-namn, till exempel Europe/Helsinki',
        networks: 'okänd kanal ”tiktok”; använd linkedin, x, facebook, bluesky, mastodon, threads, whatsapp',
      },
    });
    // What was typed comes back to be corrected, whatever the language.
    expect(readAdvocateForm(body, sv.advocateForm)).toMatchObject({ fields: { email: 'Aino@', timeZone: 'Helsinki', networks: ['x', 'tiktok'] } });
  });

  test('a field the schema refuses for another reason is named in the admin’s language, never left in English', () => {
    const other = { field: 'topics', kind: 'other', english: 'Too small: expected string to have >=1 characters' } as const;
    expect(fi.advocateForm.problem(other, fi.advocateForm.fieldNames.topics)).toBe('tarkista kenttä: aiheet');
    expect(sv.advocateForm.problem(other, sv.advocateForm.fieldNames.topics)).toBe('kontrollera fältet: ämnen');
    expect(en.advocateForm.problem(other, en.advocateForm.fieldNames.topics)).toBe(other.english);
  });
});

test('a pause’s last day as each language writes it: 24.12.2026 in Finnish, 2026-12-24 in Swedish and (unchanged) English', () => {
  expect(dayText('2026-12-24', 'fi')).toBe('24.12.2026');
  expect(dayText('2026-01-05', 'fi')).toBe('5.1.2026');
  expect(dayText('2026-12-24', 'sv')).toBe('2026-12-24');
  expect(dayText('2026-12-24', 'en')).toBe('2026-12-24');
  expect(dayText('not a day', 'fi')).toBe('not a day');
});
