import { expect, test } from 'vitest';
import { parseRoster } from '../../rules/advocates/roster.js';

test('good rows are read with their lists; bad ones are refused with the line and the reason, and never stop the rest', () => {
  const csv = [
    'email,name,language,time_zone,branch,topics,networks,mastodon_instance',
    'Aino.Virtanen@Vantaa.example,Aino Virtanen,fi,Europe/Helsinki,Health,care;jobs,linkedin|x,',
    'not-an-email,Bad Email,fi,Europe/Helsinki,,,,',
    'erik@vantaa.example,Erik,xx,Europe/Helsinki,,,,',
    'mette@vantaa.example,Mette,da,Europe/Copenhagn,,,,',
    '"sam@vantaa.example","Taylor, Sam",EN,Pacific/Auckland,IT,,bluesky;mastodon,Mastodon.Social',
    'aino.virtanen@vantaa.example,Aino Again,fi,Europe/Helsinki,,,,',
    'ville@vantaa.example,Ville,fi,Europe/Helsinki,,,myspace,',
  ].join('\n');
  const { rows, refused } = parseRoster(csv);
  expect(rows.map((r) => [r.line, r.advocate.email])).toEqual([
    [2, 'aino.virtanen@vantaa.example'],
    [6, 'sam@vantaa.example'],
  ]);
  expect(rows[0]!.advocate).toMatchObject({
    language: 'fi',
    timeZone: 'Europe/Helsinki',
    branch: 'Health',
    topics: ['care', 'jobs'],
    networks: ['linkedin', 'x'],
  });
  expect(rows[1]!.advocate).toMatchObject({ name: 'Taylor, Sam', language: 'en', networks: ['bluesky', 'mastodon'], mastodonInstance: 'mastodon.social' });
  expect(refused.map((r) => [r.line, r.reason])).toEqual([
    [3, '"not-an-email" is not an email address'],
    [4, 'unknown language "xx"; kaiku writes digests in fi, sv, en, da'],
    [5, 'unknown time zone "Europe/Copenhagn"; use an IANA name such as Europe/Helsinki'],
    [7, 'aino.virtanen@vantaa.example is already on line 2; each advocate once'],
    [8, 'unknown network "myspace"; use linkedin, x, facebook, bluesky, mastodon, threads, whatsapp'],
  ]);
});

test('semicolon-separated exports with a BOM (Excel in Finnish locale) read the same', () => {
  const csv = '\uFEFFemail;name;language;timezone;department\r\naino@vantaa.example;Aino;sv;Europe/Helsinki;Kirjasto\r\n';
  const { rows, refused } = parseRoster(csv);
  expect(refused).toEqual([]);
  expect(rows[0]!.advocate).toMatchObject({ email: 'aino@vantaa.example', language: 'sv', branch: 'Kirjasto', networks: ['linkedin'], topics: [] });
});

test('a header without the required columns is refused as a whole, saying which are missing', () => {
  const { rows, refused } = parseRoster('mail,name\na@b.fi,A\n');
  expect(rows).toEqual([]);
  expect(refused[0]!.reason).toMatch(/no email, language, timeZone column/);
});

test('a broken quote refuses the whole file at its line, saying how to fix it, instead of throwing', () => {
  const csv =
    'email;name;language;timezone\r\naino@vaasa.example;Aino;fi;Europe/Helsinki\r\n"Pekka Ö" <pekka@vaasa.example>;Pekka;fi;Europe/Helsinki\r\nlotta@vaasa.example;Lotta;sv;Europe/Helsinki\r\n';
  const { rows, refused } = parseRoster(csv);
  expect(rows).toEqual([]);
  expect(refused).toHaveLength(1);
  expect(refused[0]).toMatchObject({ line: 3, email: undefined });
  expect(refused[0]!.reason).toMatch(
    /^the file cannot be read past this line \(invalid closing quote.*\): put a cell holding quotes or ; inside double quotes/,
  );
});
