import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { itemQueries } from './queries/items.js';
import { sourceQueries } from './queries/sources.js';
import { approvalQueries } from './queries/approvals.js';
import { mailQueries } from './queries/mail.js';
import { advocateQueries } from './queries/advocates.js';
import { digestQueries } from './queries/digests.js';
import { slackQueries } from './queries/slack.js';
import { teamsQueries } from './queries/teams.js';
import { onboardingQueries } from './queries/onboarding.js';
import { pointQueries } from './queries/points.js';
import { engagementQueries } from './queries/engagement.js';
import { analyticsQueries } from './queries/analytics.js';
import { sessionQueries } from './queries/sessions.js';
import { rateLimitQueries } from './queries/rate-limits.js';
import { privacyQueries } from './queries/privacy.js';
import { retentionQueries } from './queries/retention.js';
import { auditQueries } from './queries/audit.js';
import { urgentQueries } from './queries/urgent.js';
import { adminQueries } from './queries/admins.js';
import { captionTemplateQueries } from './queries/caption-templates.js';
import { adminLanguageQueries } from './queries/admin-languages.js';

/** kaiku's typed queries, by noun, over PGlite or PostgreSQL alike. */
export function createStore(db: Kysely<Database>): Store {
  return {
    items: itemQueries(db),
    sources: sourceQueries(db),
    approvals: approvalQueries(db),
    mail: mailQueries(db),
    advocates: advocateQueries(db),
    digests: digestQueries(db),
    slack: slackQueries(db),
    teams: teamsQueries(db),
    onboarding: onboardingQueries(db),
    points: pointQueries(db),
    engagement: engagementQueries(db),
    analytics: analyticsQueries(db),
    sessions: sessionQueries(db),
    rateLimits: rateLimitQueries(db),
    privacy: privacyQueries(db),
    retention: retentionQueries(db),
    audit: auditQueries(db),
    urgent: urgentQueries(db),
    admins: adminQueries(db),
    captions: captionTemplateQueries(db),
    adminLanguages: adminLanguageQueries(db),
    /** Runs `work` in one transaction, with a store bound to it. */
    transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work(createStore(trx)));
    },
  };
}

export interface Store {
  items: ReturnType<typeof itemQueries>;
  sources: ReturnType<typeof sourceQueries>;
  approvals: ReturnType<typeof approvalQueries>;
  mail: ReturnType<typeof mailQueries>;
  advocates: ReturnType<typeof advocateQueries>;
  digests: ReturnType<typeof digestQueries>;
  slack: ReturnType<typeof slackQueries>;
  teams: ReturnType<typeof teamsQueries>;
  onboarding: ReturnType<typeof onboardingQueries>;
  points: ReturnType<typeof pointQueries>;
  engagement: ReturnType<typeof engagementQueries>;
  analytics: ReturnType<typeof analyticsQueries>;
  sessions: ReturnType<typeof sessionQueries>;
  rateLimits: ReturnType<typeof rateLimitQueries>;
  privacy: ReturnType<typeof privacyQueries>;
  retention: ReturnType<typeof retentionQueries>;
  audit: ReturnType<typeof auditQueries>;
  urgent: ReturnType<typeof urgentQueries>;
  admins: ReturnType<typeof adminQueries>;
  captions: ReturnType<typeof captionTemplateQueries>;
  adminLanguages: ReturnType<typeof adminLanguageQueries>;
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
}
