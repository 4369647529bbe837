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
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
});

export type KaikuEnv = z.output<typeof envSchema>;

const EXAMPLES: Record<string, string> = {
  DATABASE_URL: 'DATABASE_URL=postgres://kaiku:secret@127.0.0.1:5432/kaiku',
  TEMPORAL_ADDRESS: 'TEMPORAL_ADDRESS=127.0.0.1:7233',
  TEMPORAL_TLS: 'TEMPORAL_TLS=true',
  PORT: 'PORT=8080',
  KAIKU_TEMPORAL_PORT: 'KAIKU_TEMPORAL_PORT=7300',
  LOG_LEVEL: 'LOG_LEVEL=debug',
  LOG_FORMAT: 'LOG_FORMAT=json',
};

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
      const secret = name === 'DATABASE_URL' || name === 'TEMPORAL_API_KEY';
      return {
        where: name,
        message: secret ? issue.message : describeIssue(issue),
        example: EXAMPLES[name],
      };
    }),
  );
}
