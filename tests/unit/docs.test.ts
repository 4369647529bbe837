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
  mailSchema,
  slackSchema,
  teamsSchema,
  pointsSchema,
  rewardsSchema,
  nudgesSchema,
  analyticsSchema,
  onboardingSchema,
  scimSchema,
  authSchema,
  oidcSchema,
  privacySchema,
  retentionSchema,
} from '../../config/schema.js';
import { parse } from 'yaml';
import { SLACK_METHOD_SCOPES } from '../../integrations/slack/web-client.js';
import { SLACK_COMMAND } from '../../integrations/slack/bolt-app.js';
import { htmlListingSource } from '../../activities/sources/html-listing.js';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';
import { PERSONAL_DATA } from '../../db/personal-data.js';

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
  ['mail', keysOf(mailSchema)],
  ['slack', keysOf(slackSchema)],
  ['teams', keysOf(teamsSchema)],
  ['points', keysOf(pointsSchema)],
  ['rewards', keysOf(rewardsSchema)],
  ['nudges', keysOf(nudgesSchema)],
  ['analytics', keysOf(analyticsSchema)],
  ['onboarding', keysOf(onboardingSchema)],
  ['auth', keysOf(authSchema)],
  ['auth.oidc', keysOf(oidcSchema)],
  ['scim', keysOf(scimSchema)],
  ['privacy', keysOf(privacySchema)],
  ['privacy.retention', keysOf(retentionSchema)],
  [
    'environment',
    [
      'KAIKU_SECRET',
      'SMTP_URL',
      'IMAP_URL',
      'INBOUND_WEBHOOK_SECRET',
      'KAIKU_SMTP_PORT',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'SLACK_API_URL',
      'TEAMS_APP_ID',
      'TEAMS_APP_PASSWORD',
      'TEAMS_TENANT_ID',
      'TEAMS_SERVICE_URL',
      'TEAMS_LOGIN_URL',
      'TEAMS_OPENID_METADATA_URL',
      'SCIM_TOKEN',
    ],
  ],
])('every %s key is documented in docs/configuration.md', (_section, keys) => {
  const undocumented = keys.filter((key) => !doc.includes(`| \`${key}\` |`));
  expect(undocumented).toEqual([]);
});

test('the example config shows every fetch setting with its default', () => {
  for (const key of keysOf(fetchSchema).filter((k) => k !== 'userAgent')) expect(example).toMatch(new RegExp(`^\\s+${key}:`, 'm'));
});

test('docs/slack.md has a valid app manifest with exactly the scopes the code uses, and both request URLs at /slack/events', () => {
  const slackDoc = readFileSync(`${PROJECT_ROOT}docs/slack.md`, 'utf8');
  const block = /```yaml\n([\s\S]*?)```/.exec(slackDoc);
  expect(block).not.toBeNull();
  const manifest = parse(block![1]!) as {
    oauth_config: { scopes: { bot: string[] } };
    features: { slash_commands: { command: string; url: string }[] };
    settings: { interactivity: { is_enabled: boolean; request_url: string } };
  };
  const used = new Set([
    ...Object.values(SLACK_METHOD_SCOPES).flatMap((scope) => (scope === null ? [] : typeof scope === 'string' ? [scope] : scope)),
    'commands',
  ]);
  expect(new Set(manifest.oauth_config.scopes.bot)).toEqual(used);
  expect(manifest.oauth_config.scopes.bot).toHaveLength(used.size);
  expect(manifest.settings.interactivity.is_enabled).toBe(true);
  expect(manifest.settings.interactivity.request_url).toMatch(/\/slack\/events$/);
  expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLACK_COMMAND]);
  expect(manifest.features.slash_commands[0]!.url).toMatch(/\/slack\/events$/);
});

test('docs/teams.md has a valid manifest.json: the bot id placeholder, team and personal scopes, the public domain', () => {
  const teamsDoc = readFileSync(`${PROJECT_ROOT}docs/teams.md`, 'utf8');
  const block = /```json\n([\s\S]*?)```/.exec(teamsDoc);
  expect(block).not.toBeNull();
  const manifest = JSON.parse(block![1]!) as {
    manifestVersion: string;
    bots: { botId: string; scopes: string[] }[];
    validDomains: string[];
    icons: Record<string, string>;
  };
  expect(manifest.bots).toHaveLength(1);
  expect(manifest.bots[0]!.botId).toMatch(/^[0-9a-f-]{36}$/);
  expect(manifest.bots[0]!.scopes.sort()).toEqual(['personal', 'team']);
  expect(manifest.validDomains).toEqual(['kaiku.example.org']);
  expect(teamsDoc).toContain('https://kaiku.example.org/teams/messages');
});

test('README links docs/identity.md and docs/privacy.md; privacy.md names every table with personal data and the retention key', () => {
  const readme = readFileSync(`${PROJECT_ROOT}README.md`, 'utf8');
  expect(readme).toContain('(docs/identity.md)');
  expect(readme).toContain('(docs/privacy.md)');
  const privacyDoc = readFileSync(`${PROJECT_ROOT}docs/privacy.md`, 'utf8');
  expect(PERSONAL_DATA.map((t) => t.table).filter((table) => !privacyDoc.includes(`\`${table}\``))).toEqual([]);
  expect(privacyDoc).toContain('privacy.retention.linkEventMonths');
  expect(privacyDoc).toContain(`${retentionSchema.parse({}).linkEventMonths} months by default`);
});

test('docs/identity.md names the callback route and only config keys that exist', () => {
  const identityDoc = readFileSync(`${PROJECT_ROOT}docs/identity.md`, 'utf8');
  expect(identityDoc).toContain('/admin/oidc/callback');
  const named = [...identityDoc.matchAll(/`(?:auth\.oidc|scim)\.([a-zA-Z]+)`/g)].map((m) => m[1]!);
  expect(named.length).toBeGreaterThan(3);
  const keys = new Set([...keysOf(oidcSchema), ...keysOf(scimSchema)]);
  expect(named.filter((key) => !keys.has(key))).toEqual([]);
});
