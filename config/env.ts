import { z } from 'zod';
import { ConfigError, describeIssue } from './errors.js';

// Everything secret or machine-specific comes from the environment, never from the config file.
const envSchema = z.object({
  KAIKU_CONFIG: z.string().min(1).optional(),
  KAIKU_DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a PostgreSQL URL such as postgres://kaiku:secret@db.internal:5432/kaiku')
    .optional(),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[\w.-]+:\d+$/, 'expected host:port such as temporal.internal:7233 or my-ns.a1b2c.tmprl.cloud:7233')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: z.enum(['true', 'false']).optional(),
  TEMPORAL_CLI: z.string().min(1).optional(),
  KAIKU_TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  KAIKU_SECRET: z.string().min(32, 'must be at least 32 characters; generate one with `openssl rand -base64 48`').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected an SMTP URL such as smtp://user:secret@smtp.example.org:587 or smtps://...:465')
    .optional(),
  IMAP_URL: z
    .string()
    .regex(/^imaps?:\/\//, 'expected an IMAP URL such as imaps://approvals%40example.org:secret@imap.example.org:993/INBOX')
    .optional(),
  INBOUND_WEBHOOK_SECRET: z.string().min(24, 'must be at least 24 characters; generate one with `openssl rand -hex 24`').optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'expected a bot token (xoxb-…) from the Slack app page → OAuth & Permissions')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(16, 'expected the signing secret from the Slack app page → Basic Information → App Credentials').optional(),
  SLACK_API_URL: z
    .string()
    .regex(/^https?:\/\/.+\/$/, 'expected the Web API base URL ending in a slash, such as https://slack.com/api/')
    .default('https://slack.com/api/'),
  // Microsoft Teams (docs/teams.md): the bot's Entra app registration. The URLs default to Microsoft's; tests point them at a fake.
  TEAMS_APP_ID: z.uuid("expected the bot's Microsoft App ID, a GUID, from the Azure Bot resource → Configuration").optional(),
  TEAMS_APP_PASSWORD: z.string().min(8, 'expected the client secret value from the Entra app registration → Certificates & secrets').optional(),
  TEAMS_TENANT_ID: z.uuid('expected your Entra tenant id, a GUID (Entra admin center → Overview)').optional(),
  TEAMS_SERVICE_URL: z
    .string()
    .regex(/^https?:\/\/.+\/$/, 'expected the Bot Connector base URL ending in a slash, such as https://smba.trafficmanager.net/emea/')
    .default('https://smba.trafficmanager.net/teams/'),
  TEAMS_LOGIN_URL: z
    .string()
    .regex(/^https?:\/\/[^/]+$/, 'expected the Entra login origin without a path, such as https://login.microsoftonline.com')
    .default('https://login.microsoftonline.com'),
  TEAMS_OPENID_METADATA_URL: z
    .string()
    .regex(/^https?:\/\/.+/, 'expected the Bot Framework OpenID metadata URL, https://login.botframework.com/v1/.well-known/openidconfiguration')
    .default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  SCIM_TOKEN: z.string().min(32, 'must be at least 32 characters; generate one with `openssl rand -base64 48`').optional(),
  KAIKU_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  /** A `kaiku worker` serves kaiku's own /metrics here (the HTTP server serves it on its own port). */
  KAIKU_METRICS_ADDRESS: z
    .string()
    .regex(/^[\w.:[\]-]+:\d+$/, 'expected host:port such as 0.0.0.0:9464')
    .optional(),
  /** The Temporal SDK's Prometheus exporter (worker metrics), on its own port. */
  TEMPORAL_METRICS_ADDRESS: z
    .string()
    .regex(/^[\w.:[\]-]+:\d+$/, 'expected host:port such as 0.0.0.0:9465')
    .optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
});

export type KaikuEnv = z.output<typeof envSchema>;
/** The names of every variable kaiku reads (`kaiku --help` describes each). */
export const ENV_VARIABLES = Object.keys(envSchema.shape) as (keyof KaikuEnv)[];

const EXAMPLES: Record<string, string> = {
  DATABASE_URL: 'DATABASE_URL=postgres://kaiku:secret@127.0.0.1:5432/kaiku',
  TEMPORAL_ADDRESS: 'TEMPORAL_ADDRESS=127.0.0.1:7233',
  TEMPORAL_TLS: 'TEMPORAL_TLS=true',
  PORT: 'PORT=8080',
  KAIKU_TEMPORAL_PORT: 'KAIKU_TEMPORAL_PORT=7300',
  LOG_LEVEL: 'LOG_LEVEL=debug',
  LOG_FORMAT: 'LOG_FORMAT=json',
  KAIKU_SECRET: 'KAIKU_SECRET=$(openssl rand -base64 48)',
  SMTP_URL: 'SMTP_URL=smtp://kaiku%40example.org:secret@smtp.example.org:587',
  IMAP_URL: 'IMAP_URL=imaps://approvals%40example.org:secret@imap.example.org:993/INBOX',
  INBOUND_WEBHOOK_SECRET: 'INBOUND_WEBHOOK_SECRET=$(openssl rand -hex 24)',
  KAIKU_SMTP_PORT: 'KAIKU_SMTP_PORT=2526',
  KAIKU_METRICS_ADDRESS: 'KAIKU_METRICS_ADDRESS=0.0.0.0:9464',
  TEMPORAL_METRICS_ADDRESS: 'TEMPORAL_METRICS_ADDRESS=0.0.0.0:9465',
  SLACK_BOT_TOKEN: 'SLACK_BOT_TOKEN=xoxb-…',
  SLACK_SIGNING_SECRET: 'SLACK_SIGNING_SECRET=8f14e45fceea167a5a36dedd4bea2543',
  TEAMS_APP_ID: 'TEAMS_APP_ID=00000000-0000-0000-0000-000000000000',
  TEAMS_TENANT_ID: 'TEAMS_TENANT_ID=00000000-0000-0000-0000-000000000000',
  TEAMS_SERVICE_URL: 'TEAMS_SERVICE_URL=https://smba.trafficmanager.net/emea/',
  OIDC_CLIENT_SECRET: 'OIDC_CLIENT_SECRET=… (the client secret from the provider: Entra → Certificates & secrets)',
  SCIM_TOKEN: 'SCIM_TOKEN=$(openssl rand -base64 48)',
};

const SECRET_VARIABLES = new Set([
  'DATABASE_URL',
  'TEMPORAL_API_KEY',
  'KAIKU_SECRET',
  'SMTP_URL',
  'IMAP_URL',
  'INBOUND_WEBHOOK_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'TEAMS_APP_PASSWORD',
  'OIDC_CLIENT_SECRET',
  'SCIM_TOKEN',
]);

export function readEnv(source: NodeJS.ProcessEnv = process.env): KaikuEnv {
  // An empty variable is the same as an unset one: `FOO= kaiku dev` should not be an error.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    'the environment',
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      // Never echo a value that may hold a secret.
      const secret = SECRET_VARIABLES.has(name);
      return {
        where: name,
        message: secret ? issue.message : describeIssue(issue),
        example: EXAMPLES[name],
      };
    }),
  );
}
