/**
 * The service's environment, parsed once at start-up. Every missing or invalid variable is
 * reported in one error, so an operator fixes the whole list in one go instead of one per restart.
 */
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** 32 bytes given as base64 (44 chars) or hex (64 chars): AES-256 needs exactly that. */
const encryptionKey = z.string().trim().transform((text, ctx) => {
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length !== 32) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 bytes, base64 (44 chars) or hex (64 chars)' });
    return z.NEVER;
  }
  return bytes;
});

const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

const originList = z.string().optional().transform((text, ctx) => {
  const origins = (text ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
  for (const origin of origins) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin like https://host[:port]` });
    }
  }
  return origins;
});

const emptyAsUndefined = (value: unknown): unknown => (value === '' ? undefined : value);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8790),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: httpUrl,
  AMO_CLIENT_ID: z.string().min(1),
  AMO_CLIENT_SECRET: z.string().min(1),
  AMO_REDIRECT_URI: z.url({ protocol: /^https?$/ }),
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.string().startsWith('postgres').optional()),
  DATA_DIR: z.string().min(1).default('.data'),
  TOKEN_ENCRYPTION_KEY: encryptionKey,
  ALLOWED_ORIGINS: originList,
  AMO_LONG_LIVED_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  AMO_BASE_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** On SIGTERM: how long running jobs and requests may still finish before jobs are released. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** The Digital Pipeline URL's secret (src/service/webhooks/dp-secret.ts); default: derived from AMO_CLIENT_SECRET. */
  DP_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, '16–128 characters A–Z a–z 0–9 _ -').optional()),
  // Retention (src/service/retention): days each kind of row is kept; 0 minutes turns the pass off.
  RETENTION_INBOX_DAYS: z.coerce.number().min(1).default(7),
  RETENTION_JOBS_DAYS: z.coerce.number().min(0).default(7),
  RETENTION_EFFECTS_DAYS: z.coerce.number().min(1).default(30),
  RETENTION_DECISIONS_DAYS: z.coerce.number().min(0).default(90),
  RETENTION_REVIEWS_DAYS: z.coerce.number().min(0).default(365),
  RETENTION_INTERVAL_MINUTES: z.coerce.number().min(0).default(60),
}).superRefine((env, ctx) => {
  // A long-lived token without the account it belongs to cannot be used, and vice versa.
  if ((env.AMO_LONG_LIVED_TOKEN === undefined) !== (env.AMO_BASE_URL === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [env.AMO_LONG_LIVED_TOKEN === undefined ? 'AMO_LONG_LIVED_TOKEN' : 'AMO_BASE_URL'],
      message: 'AMO_LONG_LIVED_TOKEN and AMO_BASE_URL go together',
    });
  }
});

export type Env = z.output<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid service environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses `process.env` (or any record). Throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const missing = source[name] === undefined && issue.code === 'invalid_type';
    return missing ? `${name}: required` : `${name}: ${issue.message}`;
  });
  throw new EnvError(problems);
}
