import { expect, test } from 'vitest';
import { checkAdvocate, parseRoster } from '../../rules/advocates/roster.js';
import { LANGUAGES } from '../../model/advocate.js';
import { NETWORKS } from '../../rules/captions/caption-limits.js';

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

test('each refusal also comes as its kind and values, the English reason unchanged: for the console to say it in Finnish or Swedish', () => {
  const csv = [
    'email,name,language,time_zone,branch,topics,networks,mastodon_instance',
    'aino@vantaa.example,Aino,fi,Europe/Helsinki,,,,',
    ' Not-An-Email ,  ,XX,Mars/Olympus,,,myspace;x,not a host',
    'aino@vantaa.example,Aino Again,fi,Europe/Helsinki,,,,',
    'short@vantaa.example,Short',
  ].join('\n');
  const { refused } = parseRoster(csv);
  expect(refused.map((r) => [r.line, r.email, r.cause])).toEqual([
    [
      3,
      'Not-An-Email',
      {
        kind: 'fields',
        problems: [
          { field: 'email', kind: 'email', value: 'not-an-email', english: '"not-an-email" is not an email address' },
          { field: 'name', kind: 'name', english: 'the name is empty' },
          { field: 'language', kind: 'language', value: 'xx', languages: LANGUAGES, english: 'unknown language "xx"; kaiku writes digests in fi, sv, en, da' },
          {
            field: 'timeZone',
            kind: 'time zone',
            value: 'Mars/Olympus',
            english: 'unknown time zone "Mars/Olympus"; use an IANA name such as Europe/Helsinki',
          },
          {
            field: 'networks',
            kind: 'network',
            value: 'myspace',
            networks: NETWORKS,
            english: 'unknown network "myspace"; use linkedin, x, facebook, bluesky, mastodon, threads, whatsapp',
          },
          { field: 'mastodonInstance', kind: 'mastodon', english: 'a Mastodon instance is a host name such as mastodon.social' },
        ],
      },
    ],
    [4, 'aino@vantaa.example', { kind: 'repeated', email: 'aino@vantaa.example', earlier: 2 }],
    [
      5,
      'short@vantaa.example',
      {
        kind: 'fields',
        problems: [
          { field: 'language', kind: 'missing', english: 'language is missing' },
          { field: 'timeZone', kind: 'missing', english: 'timeZone is missing' },
        ],
      },
    ],
  ]);
  // The English reason is the problems' words joined, as before.
  expect(refused[0]!.reason).toBe(
    '"not-an-email" is not an email address; the name is empty; unknown language "xx"; kaiku writes digests in fi, sv, en, da; unknown time zone "Mars/Olympus"; use an IANA name such as Europe/Helsinki; unknown network "myspace"; use linkedin, x, facebook, bluesky, mastodon, threads, whatsapp; a Mastodon instance is a host name such as mastodon.social',
  );
  expect(refused[2]!.reason).toBe('language is missing; timeZone is missing');
  expect(parseRoster('').refused).toEqual([
    { line: 1, email: undefined, reason: 'the file is empty; the first line names the columns', cause: { kind: 'empty' } },
  ]);
  expect(parseRoster('mail,name\na@b.fi,A\n').refused[0]!.cause).toEqual({ kind: 'columns', missing: ['email', 'language', 'timeZone'] });
  expect(parseRoster('email;name;language;timezone\r\n"Pekka" <p@v.fi>;P;fi;Europe/Helsinki\r\n').refused[0]!.cause).toEqual({
    kind: 'unreadable',
    delimiter: ';',
  });
});

test('checkAdvocate: the advocate, or each field’s problem with the value as the schema read it', () => {
  expect(checkAdvocate({ email: ' Aino@Vantaa.Example ', name: 'Aino', language: 'FI', timeZone: 'Europe/Helsinki' })).toMatchObject({
    ok: true,
    advocate: { email: 'aino@vantaa.example', language: 'fi', networks: ['linkedin'] },
  });
  expect(checkAdvocate({ email: 'aino@', name: 'Aino', language: 'fi', timeZone: 'Europe/Helsinki' })).toEqual({
    ok: false,
    problems: [{ field: 'email', kind: 'email', value: 'aino@', english: '"aino@" is not an email address' }],
  });
});
