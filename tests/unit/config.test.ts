import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { parseConfigText, loadConfig } from '../../config/load.js';
import { ConfigError } from '../../config/errors.js';
import { readEnv } from '../../config/env.js';
import { parseDuration, parseByteSize } from '../../config/units.js';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';
import { testConfigInput } from '../helpers/harness.js';
import { sourceKinds } from '../../activities/sources/registry.js';

async function problems(text: string) {
  const error = await parseConfigText(text, 'kaiku.yaml', { kinds: sourceKinds() }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

const valid = testConfigInput([{ id: 'news', kind: 'feed', url: 'https://example.org/feed.xml' }]);

describe('the config file', () => {
  test('kaiku.example.yaml is valid and says what a program needs', async () => {
    const { config } = await parseConfigText(readFileSync(`${PROJECT_ROOT}kaiku.example.yaml`, 'utf8'), 'kaiku.example.yaml', { kinds: sourceKinds() });
    expect(config.program).toMatchObject({
      defaultLanguage: 'fi',
      languages: ['fi', 'sv', 'en'],
      timeZone: 'Europe/Helsinki',
      hashtags: ['#OnnellisenArjenTekijät'],
    });
    expect(config.sources.map((s) => [s.settings.id, s.settings.kind, s.settings.enabled])).toEqual([
      ['city-news', 'feed', true],
      ['tourism-blog', 'feed', true],
      ['open-positions', 'html', true],
      ['intranet-highlights', 'feed', false],
    ]);
    expect(config.sources[0]!.settings.pollEveryMs).toBe(15 * 60_000);
    expect(config.fetch).toMatchObject({ timeout: 20_000, maxBytes: 10 * 1024 * 1024, allowPrivateAddresses: false });
  });

  test('defaults fill what is left out', async () => {
    const { config } = await parseConfigText(stringify({ program: { name: 'P' }, admins: [{ name: 'A', email: 'A@Example.org' }] }), 'x', {
      kinds: sourceKinds(),
    });
    expect(config.program).toEqual({ name: 'P', hashtags: [], defaultLanguage: 'en', languages: ['en'], timeZone: 'UTC', topicLabels: {}, names: {} });
    expect(config.admins[0]!.email).toBe('a@example.org');
    expect(config.sources).toEqual([]);
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.temporal).toMatchObject({ namespace: 'default', taskQueue: 'kaiku' });
    expect(config.email.authservId).toEqual([]);
  });

  test('email.authservId takes one name or a list, lower-cased', async () => {
    const parse = async (authservId: unknown) =>
      (
        await parseConfigText(stringify({ program: { name: 'P' }, admins: [{ name: 'A', email: 'a@e.org' }], email: { authservId } }), 'x', {
          kinds: sourceKinds(),
        })
      ).config.email.authservId;
    expect(await parse('MX.Google.com')).toEqual(['mx.google.com']);
    expect(await parse(['mx1.messagingengine.com', 'mx2.messagingengine.com'])).toEqual(['mx1.messagingengine.com', 'mx2.messagingengine.com']);
  });

  test('a wrong value is named by key path and line, with what was wrong and a right value', async () => {
    const text = `program:
  name: Test
  timeZone: Europe/Helsingfors
admins:
  - name: A
    email: a@example.org
sources:
  - id: news
    kind: feed
    url: https://example.org/feed.xml
    pollEvery: every 15
`;
    expect(await problems(text)).toEqual([
      { where: 'program.timeZone', line: 3, message: '"Europe/Helsingfors" is not an IANA time zone name', example: 'timeZone: Europe/Helsinki' },
      {
        where: 'sources[0].pollEvery',
        line: 11,
        message: '"every 15" is not a duration; write it like "15 minutes", "2 hours" or "1 day"',
        example: 'pollEvery: 15 minutes',
      },
    ]);
  });

  test('a mistyped key gets a "did you mean"', async () => {
    const input = structuredClone(valid) as { sources: Record<string, unknown>[] };
    input.sources[0]!.pollEvry = '15 minutes';
    const [problem] = await problems(stringify(input));
    expect(problem).toMatchObject({
      where: 'sources[0].pollEvry',
      message: 'unknown key "pollEvry"; did you mean "pollEvery"?',
      example: 'pollEvery: 15 minutes',
    });
  });

  test('secrets are refused with the environment variable to use instead', async () => {
    const [problem] = await problems(stringify({ ...valid, database: { url: 'postgres://u:p@h/db' } }));
    expect(problem).toMatchObject({ where: 'database', message: '"database" does not belong in the config file: set DATABASE_URL in the environment' });
  });

  test.each([
    [{ sources: [{ id: 'News!', kind: 'feed', url: 'https://e.org/f' }] }, 'sources[0].id', /lowercase letters, digits and dashes/],
    [{ sources: [{ id: 'a', kind: 'feed', url: 'ftp://e.org/f' }] }, 'sources[0].url', /"ftp:\/\/e.org\/f": expected an http:\/\/ or https:\/\/ URL/],
    [{ sources: [{ id: 'a', kind: 'rss', url: 'https://e.org/f' }] }, 'sources[0].kind', /unknown kind "rss"; the kinds this kaiku knows are: feed, html/],
    [
      { sources: [{ id: 'a', kind: 'feed', url: 'https://e.org/f', pollEvery: '10 seconds' }] },
      'sources[0].pollEvery',
      /too short: the least allowed is 1 minute/,
    ],
    [
      { sources: [{ id: 'a', kind: 'feed', url: 'https://e.org/f', approvers: ['nobody@e.org'] }] },
      'sources[0].approvers[0]',
      /"nobody@e.org" is not one of the admins/,
    ],
    [
      {
        sources: [
          { id: 'a', kind: 'feed', url: 'https://e.org/a' },
          { id: 'a', kind: 'feed', url: 'https://e.org/b' },
        ],
      },
      'sources[1].id',
      /already used by sources\[0\]/,
    ],
    [{ sources: [{ id: 'a', kind: 'html', url: 'https://e.org/a', selectors: { link: 'a' } }] }, 'sources[0].selectors.item', /is required/],
    [{ admins: [] }, 'admins', /needs at least 1 entry: name at least one admin/],
    [{ admins: [{ name: 'A', email: 'not-an-email' }] }, 'admins[0].email', /"not-an-email": expected an email address/],
    [{ program: { name: 'P', defaultLanguage: 'Finnish' } }, 'program.defaultLanguage', /expected a language code such as "fi"/],
    [{ fetch: { maxBytes: 'lots' } }, 'fetch.maxBytes', /"lots" is not a size/],
    [{ server: { port: 'eighty' } }, 'server.port', /expected a number, got "eighty"/],
    [
      { email: { authservId: 'mx google' } },
      'email.authservId[0]',
      /"mx google": expected the name your receiving mail server writes first .*such as mx\.google\.com/,
    ],
    [{ email: { authservId: ['mx1.example.net', 'mx2;example'] } }, 'email.authservId[1]', /"mx2;example": expected the name/],
    [
      {
        onboarding: {
          enabled: true,
          steps: [
            { kind: 'tip', after: '7 days' },
            { kind: 'welcome', after: '0 days' },
          ],
        },
      },
      'onboarding.steps[1].after',
      /comes before the step above it: list the steps in the order they are sent/,
    ],
    [{ onboarding: { steps: [{ kind: 'hello', after: '1 day' }] } }, 'onboarding.steps[0].kind', /"hello" is not one of: welcome, first-posts, tip/],
    [{ onboarding: { guideline: { url: 'somewhere', text: { fi: 'x' } } } }, 'onboarding.guideline.url', /"somewhere"/],
  ])('%j is refused at %s', async (override, where, message) => {
    const found = await problems(stringify({ ...valid, ...override }));
    const problem = found.find((p) => p.where === where);
    expect(problem, JSON.stringify(found)).toBeDefined();
    expect(problem!.message).toMatch(message);
  });

  test('a YAML syntax error names its line', async () => {
    const [problem] = await problems('program:\n  name: x\n admins: [\n');
    expect(problem).toMatchObject({ where: 'YAML', line: 3 });
  });

  test('a config file that does not exist is named', async () => {
    await expect(loadConfig({ path: '/nonexistent/kaiku.yaml', kinds: sourceKinds() })).rejects.toThrow(/no file at \/nonexistent\/kaiku.yaml/);
  });

  test('without a config file, kaiku runs the demo program against its own server', async () => {
    const { config, demo, path } = await loadConfig({ cwd: '/', env: { PORT: 9123 }, kinds: sourceKinds() });
    expect({ demo, path }).toEqual({ demo: true, path: undefined });
    expect(config.sources.map((s) => s.settings.url)).toEqual(['http://127.0.0.1:9123/demo/feed.xml', 'http://127.0.0.1:9123/demo/jobs']);
  });

  test('ConfigError.format() is for people: no stack trace, every problem with its fix', async () => {
    const error = await parseConfigText('program:\n  name: ""\nadmins: []\n', 'kaiku.yaml', { kinds: sourceKinds() }).catch((e: ConfigError) => e);
    const text = (error as ConfigError).format();
    expect(text).toContain('kaiku.yaml has 2 problems:');
    expect(text).toContain('✗ program.name (line 2): must not be empty');
    expect(text).toContain('for example:  name: City of Vantaa employee advocates');
    expect(text).not.toMatch(/\bat \w+ \(/);
  });
});

describe('the environment', () => {
  test('a malformed DATABASE_URL is refused without echoing it', () => {
    const error = (() => {
      try {
        readEnv({ DATABASE_URL: 'mysql://root:hunter2@db/kaiku' });
      } catch (e) {
        return e as ConfigError;
      }
    })()!;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.format()).toContain('DATABASE_URL');
    expect(error.format()).not.toContain('hunter2');
  });

  test('empty variables count as unset; numbers are read', () => {
    const env = readEnv({ DATABASE_URL: '', PORT: '9000' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env).toMatchObject({ PORT: 9000, KAIKU_DATA_DIR: 'data', LOG_LEVEL: 'info', KAIKU_TEMPORAL_PORT: 7233 });
  });
});

test('durations and sizes read as people write them', () => {
  expect([parseDuration('15 minutes'), parseDuration('2h'), parseDuration('1 day'), parseDuration('every 15'), parseDuration('900')]).toEqual([
    900_000,
    7_200_000,
    86_400_000,
    undefined,
    undefined,
  ]);
  expect([parseByteSize('5 MB'), parseByteSize('512 kB'), parseByteSize('100'), parseByteSize('lots')]).toEqual([5 * 1024 * 1024, 512 * 1024, 100, undefined]);
});

describe('sourceModules', () => {
  const withModule = (modules: string[], extra: Record<string, unknown> = { daysAhead: 30 }) =>
    stringify({
      ...testConfigInput([{ id: 'events', kind: 'events-calendar', url: 'https://events.example/api', ...extra }]),
      sourceModules: modules,
    });

  test('a module of the operator’s own kinds is loaded relative to the config file and its keys validated', async () => {
    const { config, registry } = await parseConfigText(withModule(['./sources/events-calendar.ts']), 'kaiku.yaml', {
      baseDir: `${PROJECT_ROOT}tests/fixtures`,
      kinds: sourceKinds(),
    });
    expect(registry.kinds()).toEqual(['feed', 'html', 'events-calendar']);
    expect(config.sources[0]).toMatchObject({ settings: { kind: 'events-calendar' }, options: { daysAhead: 30 } });

    const error = await parseConfigText(withModule(['./sources/events-calendar.ts'], { daysAhead: 1000 }), 'kaiku.yaml', {
      baseDir: `${PROJECT_ROOT}tests/fixtures`,
      kinds: sourceKinds(),
    }).catch((e: ConfigError) => e);
    expect((error as ConfigError).problems[0]).toMatchObject({ where: 'sources[0].daysAhead', example: 'daysAhead: 30' });
  });

  test('a module that cannot be loaded, or exports no source, is named', async () => {
    const missing = await parseConfigText(withModule(['./sources/nope.ts']), 'kaiku.yaml', {
      baseDir: `${PROJECT_ROOT}tests/fixtures`,
      kinds: sourceKinds(),
    }).catch((e: ConfigError) => e);
    expect((missing as ConfigError).problems[0]).toMatchObject({
      where: 'sourceModules[0]',
      message: expect.stringMatching(/could not load ".\/sources\/nope.ts"/),
    });
    const noSource = await parseConfigText(withModule(['../helpers/fixtures.ts']), 'kaiku.yaml', {
      baseDir: `${PROJECT_ROOT}tests/fixtures`,
      kinds: sourceKinds(),
    }).catch((e: ConfigError) => e);
    expect((noSource as ConfigError).problems[0]!.message).toMatch(/exports no source: export the result of defineSource/);
  });
});

describe('mail: quiet periods and the weekly cap', () => {
  const parse = (extra: Record<string, unknown>) => parseConfigText(stringify({ ...valid, ...extra }), 'kaiku.yaml', { kinds: sourceKinds() });

  test('default to no quiet period and at most 3 mails a week; a period over the new year is fine', async () => {
    expect((await parse({})).config.mail).toEqual({ quietPeriods: [], weeklyCap: 3, urgentCap: { count: 1, per: 7 * 24 * 3_600_000 } });
    const { config } = await parse({
      mail: {
        quietPeriods: [
          { from: '07-01', to: '07-31' },
          { from: '12-20', to: '01-06' },
        ],
        weeklyCap: null,
      },
    });
    expect(config.mail).toEqual({
      quietPeriods: [
        { from: '07-01', to: '07-31' },
        { from: '12-20', to: '01-06' },
      ],
      weeklyCap: null,
      urgentCap: { count: 1, per: 7 * 24 * 3_600_000 },
    });
  });

  test('a day that is not one, a date written otherwise, and a cap of 0 are named with the fix', async () => {
    const found = await problems(
      stringify({
        ...valid,
        mail: {
          quietPeriods: [
            { from: '07-01', to: '06-31' },
            { from: '7/1', to: '07-31' },
          ],
          weeklyCap: 0,
        },
      }),
    );
    expect(found.map((p) => [p.where, p.message])).toEqual([
      ['mail.quietPeriods[0].to', expect.stringMatching(/is not a day of the year.*exist in that month/)],
      ['mail.quietPeriods[1].from', expect.stringMatching(/expected a month and day as "MM-DD", such as "07-01"/)],
      ['mail.weeklyCap', expect.stringMatching(/must be at least 1: a cap of 0 would stop every mail/)],
    ]);
  });

  test('teams.weeklyTopPosts needs the programme channel', async () => {
    const [problem] = await problems(stringify({ ...valid, teams: { weeklyTopPosts: true } }));
    expect(problem).toMatchObject({ where: 'teams.weeklyTopPosts', message: expect.stringMatching(/set teams.programChannel too/) });
  });
});
