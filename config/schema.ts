import { z } from 'zod';
import { byteSize, duration } from './units.js';
import type { SourceKinds } from '../model/source.js';
import { LANGUAGES } from '../model/advocate.js';
import { ADMIN_ROLES } from '../model/admin.js';

export { ADMIN_ROLES };

// The config file, key by key: type, default and an example that error messages quote.
// Secrets never live here: they come from the environment (see config/env.ts).

const language = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'expected a language code such as "fi", "sv" or "en-GB"');

const timeZone = z.string().refine(isTimeZone, { message: 'is not an IANA time zone name' });

const hashtag = z
  .string()
  .regex(/^#?[\p{L}\p{N}_]+$/u, 'a hashtag is letters, digits and underscores, with no spaces')
  .transform((tag) => (tag.startsWith('#') ? tag : `#${tag}`));

const sourceId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'an id is lowercase letters, digits and dashes (it names the source in URLs and Schedules)');

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

export const programSchema = z.strictObject({
  name: z.string().min(1).meta({ example: 'City of Vantaa employee advocates' }),
  hashtags: z
    .array(hashtag.meta({ example: '#OnnellisenArjenTekijät' }))
    .default([])
    .meta({ example: '["#OnnellisenArjenTekijät"]' }),
  defaultLanguage: language.default('en').meta({ example: 'fi' }),
  languages: z
    .array(language.meta({ example: 'sv' }))
    .optional()
    .meta({ example: '[fi, sv, en]' }),
  timeZone: timeZone.default('UTC').meta({ example: 'Europe/Helsinki' }),
  /** How each topic reads to advocates, per language (their preferences page); a topic without one shows its id. */
  topicLabels: z
    .record(z.string().min(1), z.record(language, z.string().trim().min(1).max(60, 'a topic label has at most 60 characters')))
    .default({})
    .transform((labels) => Object.fromEntries(Object.entries(labels).map(([topic, byLanguage]) => [topic.toLowerCase(), byLanguage])))
    .meta({ example: '{ jobs: { fi: Työpaikat, sv: Lediga jobb, en: Jobs } }' }),
  /** The programme's name in the languages where it reads otherwise than `name`: advocates read theirs in mails and pages. */
  names: z
    .record(language, z.string().trim().min(1).max(120, 'a programme name has at most 120 characters'))
    .default({})
    .meta({ example: '{ sv: Vasa stads ambassadörer }' }),
});

const adminEmail = z
  .email('expected an email address')
  .transform((e) => e.toLowerCase())
  .meta({ example: 'ulla.ruuskanen@vantaa.fi' });

/** A role, as kaiku.yaml and the console's form both check it. */
export const adminRole = z
  .enum(ADMIN_ROLES, { error: `expected a role: ${ADMIN_ROLES.join(', ')}` })
  .default('admin')
  .meta({ example: 'approver' });

export const adminSchema = z.strictObject({
  name: z.string().min(1).meta({ example: 'Ulla Ruuskanen' }),
  email: adminEmail,
  slackUserId: z
    .string()
    .regex(/^[UW][A-Z0-9]{6,}$/, 'a Slack user id looks like U012AB3CD (profile → ⋮ → Copy member ID)')
    .optional()
    .meta({ example: 'U012AB3CD' }),
  /** Who they are in Teams (Entra admin center → Users → the user → Object ID): a click on a Teams card counts by this, else by email. */
  entraObjectId: z
    .uuid('an Entra object id is a GUID such as 4d7f1c2e-8a3b-4c5d-9e6f-0a1b2c3d4e5f (Entra admin center → Users → Object ID)')
    .transform((id) => id.toLowerCase())
    .optional()
    .meta({ example: '4d7f1c2e-8a3b-4c5d-9e6f-0a1b2c3d4e5f' }),
  /** `each`: an email per item waiting for them; `daily`: one summary a day of everything waiting. */
  approvalMail: z
    .enum(['each', 'daily'], { error: 'expected each (an email per item) or daily (one summary a day)' })
    .default('each')
    .meta({ example: 'daily' }),
  /** The admin's value of `auth.oidc.matchClaim` when that is not `email` (Entra's object id, `oid`). */
  oidcId: z.string().trim().min(1).max(200).optional().meta({ example: '4f3c2a1e-9d7b-4c1a-8e2f-0a1b2c3d4e5f' }),
  /** `admin` runs everything; `approver` decides the items of their sources or `topics`; `analyst` reads the analytics. */
  role: adminRole,
  /** An approver's topics: they decide every item carrying one of them, whichever source brought it. */
  topics: z
    .array(
      z
        .string()
        .min(1)
        .transform((t) => t.toLowerCase()),
    )
    .default([])
    .meta({ example: '[jobs, culture]' }),
});

/** Keys every source has; anything else in a source entry belongs to its kind's `configSchema`. */
export const sourceBaseShape = {
  id: sourceId.meta({ example: 'city-news' }),
  kind: z.string().meta({ example: 'feed' }),
  name: z.string().min(1).optional().meta({ example: 'City news' }),
  url: httpUrl.meta({ example: 'https://www.vantaa.fi/fi/rss.xml' }),
  topics: z
    .array(
      z
        .string()
        .min(1)
        .transform((t) => t.toLowerCase()),
    )
    .default([])
    .meta({ example: '[culture, jobs]' }),
  language: language.optional().meta({ example: 'fi' }),
  pollEvery: duration({ min: '1 minute', max: '7 days' })
    .default(15 * 60_000)
    .meta({ example: '15 minutes' }),
  approvers: z
    .array(z.email('expected an email address').transform((e) => e.toLowerCase()))
    .default([])
    .meta({ example: '[ulla.ruuskanen@vantaa.fi]' }),
  priority: z.number().int().min(0).max(10).default(5).meta({ example: '5' }),
  enabled: z.boolean().default(true).meta({ example: 'true' }),
  allowPrivateAddresses: z.boolean().default(false).meta({ example: 'true' }),
  /** What the source publishes, for analytics by content type (seed 002: the blog was shared most, YouTube least). */
  contentType: z
    .string()
    .regex(/^[a-z0-9][a-z0-9 -]{0,30}$/, 'a content type is a short lowercase word such as news, blog, video or jobs')
    .optional()
    .meta({ example: 'blog' }),
};
export const SOURCE_BASE_KEYS = new Set(Object.keys(sourceBaseShape));

export const fetchSchema = z.strictObject({
  userAgent: z.string().min(1).optional().meta({ example: 'kaiku/0.1 (+https://advocacy.vantaa.fi)' }),
  timeout: duration({ min: '1 second', max: '5 minutes' }).default(20_000).meta({ example: '20 seconds' }),
  maxBytes: byteSize()
    .default(10 * 1024 * 1024)
    .meta({ example: '10 MB' }),
  maxRedirects: z.number().int().min(0).max(20).default(5).meta({ example: '5' }),
  perHostConcurrency: z.number().int().min(1).max(32).default(4).meta({ example: '4' }),
  enrich: z.boolean().default(true).meta({ example: 'true' }),
  allowPrivateAddresses: z.boolean().default(false).meta({ example: 'false' }),
});

export const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1').meta({ example: '0.0.0.0' }),
  port: z.number().int().min(0).max(65535).default(8080).meta({ example: '8080' }),
  publicUrl: httpUrl.optional().meta({ example: 'https://advocacy.vantaa.fi' }),
});

export const approvalSchema = z.strictObject({
  remindAfter: duration({ min: '1 second', max: '30 days' })
    .default(24 * 3_600_000)
    .meta({ example: '1 day' }),
  escalateAfter: duration({ min: '1 second', max: '60 days' })
    .default(48 * 3_600_000)
    .meta({ example: '2 days' }),
  expireAfter: duration({ min: '1 second', max: '365 days' })
    .default(14 * 24 * 3_600_000)
    .meta({ example: '14 days' }),
  backupApprovers: z.array(adminEmail).default([]).meta({ example: '[kimmo.backup@vantaa.fi]' }),
  /** Whether a post an admin writes in the console may be approved by its author; false: someone else decides it. */
  authorMayApprove: z.boolean().default(false).meta({ example: 'true' }),
});

export const emailSchema = z.strictObject({
  from: z
    .string()
    .regex(/^(.*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, 'expected an address such as kaiku@vantaa.fi or "Vantaa advocates <kaiku@vantaa.fi>"')
    .default('kaiku <kaiku@kaiku.localhost>')
    .meta({ example: 'Vantaa advocates <kaiku@vantaa.fi>' }),
  replyDomain: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/i, 'expected a mail domain such as advocacy.vantaa.fi')
    .transform((d) => d.toLowerCase())
    .optional()
    .meta({ example: 'advocacy.vantaa.fi' }),
  replyLocalPart: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,9}$/, 'expected up to 10 lowercase letters, digits, dots or dashes, such as approvals')
    .default('approvals')
    .meta({ example: 'approvals' }),
  /**
   * The authserv-id(s) of the mail server that receives replies: its Authentication-Results fields (and only
   * those) are read, and refuse a reply whose From address it could not vouch for. One name or a list.
   */
  authservId: z
    .preprocess(
      (value) => (typeof value === 'string' ? [value] : value),
      z.array(
        z
          .string()
          .regex(
            /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i,
            'expected the name your receiving mail server writes first in its Authentication-Results header (its authserv-id), such as mx.google.com',
          )
          .transform((id) => id.toLowerCase()),
      ),
    )
    .default([])
    .meta({ example: 'mx.vantaa.fi' }),
  /**
   * Whether a bare "OK", "yes", "Yes, approve", "kyllä", "ja" or 👍 in a reply approves. Off: such a reply is
   * answered with a request for a clear approve or reject and changes nothing.
   */
  informalApproval: z.boolean().default(false).meta({ example: 'true' }),
  imapPollEvery: duration({ min: '5 seconds', max: '1 hour' }).default(60_000).meta({ example: '1 minute' }),
  maxInboundSize: byteSize()
    .default(10 * 1024 * 1024)
    .meta({ example: '10 MB' }),
});

const slackChannelId = z
  .string()
  .regex(/^[CG][A-Z0-9]{6,}$/, 'a Slack channel id looks like C012AB3CD (channel details → About → the id at the bottom)')
  .meta({ example: 'C012AB3CD' });

/** Where approval cards go in Slack (used when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set). */
export const slackSchema = z.strictObject({
  /** The approvers' channel for items no rule below places. */
  channel: slackChannelId.optional(),
  /** Per-team channels: an item goes to every rule whose sources or topics it matches (seed 002: many admins, many channels). */
  channels: z
    .array(
      z.strictObject({
        channel: slackChannelId,
        sources: z.array(sourceId).default([]),
        topics: z.array(z.string().min(1)).default([]),
      }),
    )
    .default([]),
  /** With no channel for an item, each approver with a `slackUserId` gets the card as a direct message. */
  directMessages: z.boolean().default(true),
});

const teamsChannelId = z
  .string()
  .regex(
    /^19:[^\s;]+@thread\.(tacv2|skype)$/,
    'a Teams channel id looks like 19:a1b2c3…@thread.tacv2 (the channel → ⋯ → Get link to channel: the part after /channel/, URL-decoded)',
  )
  .meta({ example: '19:8d2f3c0e4b5a4f6e9c1d2b3a4f5e6d7c@thread.tacv2' });

/** Where approval cards and programme posts go in Teams (used when TEAMS_APP_ID and TEAMS_APP_PASSWORD are set). */
export const teamsSchema = z.strictObject({
  /** The approvers' channel for items no rule below places. */
  channel: teamsChannelId.optional(),
  /** Per-team channels, as slack.channels: an item goes to every rule whose sources or topics it matches. */
  channels: z
    .array(
      z.strictObject({
        channel: teamsChannelId,
        sources: z.array(sourceId).default([]),
        topics: z.array(z.string().min(1)).default([]),
      }),
    )
    .default([]),
  /** With no channel for an item, each approver with an `entraObjectId` gets the card in a personal chat with the bot. */
  directMessages: z.boolean().default(true),
  /** The programme's own channel (seed 001: the advocates' Teams channel): a short post when an item is approved. */
  programChannel: teamsChannelId.optional(),
  /**
   * After each digest run, one card in `programChannel` with the run's top posts (those in most of its digests),
   * each with its link and share buttons. Needs `programChannel`. Example: `weeklyTopPosts: true`.
   */
  weeklyTopPosts: z.boolean().default(false).meta({ example: 'true' }),
});

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export const digestSchema = z.strictObject({
  day: z
    .enum(WEEKDAYS, { error: `expected a weekday: ${WEEKDAYS.join(', ')}` })
    .default('monday')
    .meta({ example: 'monday' }),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time such as 08:30')
    .default('08:30')
    .meta({ example: '08:30' }),
  maxItems: z.number().int().min(1).max(20).default(5).meta({ example: '5' }),
  lookback: duration({ min: '1 day', max: '90 days' })
    .default(14 * 24 * 3_600_000)
    .meta({ example: '14 days' }),
  catchUp: duration({ min: '1 hour', max: '6 days' })
    .default(12 * 3_600_000)
    .meta({ example: '12 hours' }),
  batchSize: z.number().int().min(1).max(2000).default(500).meta({ example: '500' }),
  concurrency: z.number().int().min(1).max(64).default(16).meta({ example: '16' }),
  /**
   * The SMTP relay's limits, for all workers together: a run sends `connections` batches at once, each over
   * one connection of its own, and paces each to its share of `messagesPerSecond`.
   */
  relay: z
    .strictObject({
      connections: z.number().int().min(1).max(64).default(4).meta({ example: '4' }),
      messagesPerSecond: z.number().positive().max(10_000).optional().meta({ example: '14' }),
    })
    .prefault({}),
});

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const monthDay = z
  .string()
  .regex(/^\d{2}-\d{2}$/, { message: 'expected a month and day as "MM-DD", such as "07-01" (quote it in YAML)', abort: true })
  .refine((value) => {
    const [month, day] = value.split('-').map(Number) as [number, number];
    return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]!;
  }, 'is not a day of the year: the month is 01–12 and the day must exist in that month ("02-29" is the last of February)');

/**
 * How much mail an advocate gets (issue 18): programme-wide quiet periods, when digests and nudges wait, and a
 * weekly cap per advocate.
 * @example
 * mail:
 *   quietPeriods: [{ from: "07-01", to: "07-31" }, { from: "12-20", to: "01-06" }]
 *   weeklyCap: 2
 *   urgentCap: { count: 1, per: 7 days }
 */
export const mailSchema = z.strictObject({
  /** Yearly stretches of local dates (`program.timeZone`), both ends included; `from` after `to` runs over the new year. */
  quietPeriods: z
    .array(z.strictObject({ from: monthDay, to: monthDay }))
    .max(24)
    .default([])
    .meta({ example: '[{ from: "07-01", to: "07-31" }, { from: "12-20", to: "01-06" }]' }),
  /** Most digests + nudges + onboarding mails an advocate gets in any 7 days; `null`: no cap. */
  weeklyCap: z
    .number({ error: 'expected a whole number of mails per week (1–50), or null for no cap' })
    .int('expected a whole number of mails per week')
    .max(50)
    .refine((cap) => cap >= 1, 'must be at least 1: a cap of 0 would stop every mail (pause advocates, or use a quiet period, instead)')
    .nullable()
    .default(3)
    .meta({ example: '2' }),
  /**
   * Most urgent "new post to share" mails (the console's Send now) an advocate gets in any `per`; `null`: no cap.
   * Advocates at the cap are left out of a send, and the console says how many before it sends.
   * @example
   * mail:
   *   urgentCap: { count: 1, per: 7 days }
   */
  urgentCap: z
    .strictObject({
      count: z.number({ error: 'expected a whole number of urgent mails (1–20)' }).int('expected a whole number of urgent mails').min(1).max(20),
      per: duration({ min: '1 day', max: '90 days' }).meta({ example: '7 days' }),
    })
    .nullable()
    .default({ count: 1, per: 7 * 24 * 3_600_000 })
    .meta({ example: '{ count: 1, per: 7 days }' }),
});

const nonNegative = z.number().int().min(0).max(10_000);

/** What earns points. Every value is per event; a replayed event never pays twice (the ledger is keyed). */
export const pointsSchema = z.strictObject({
  /** Opening a share dialog, once per item × network. */
  share: nonNegative.default(10).meta({ example: '10' }),
  /** A unique human click on the advocate's tracked link (bots and repeat visitors are not counted). */
  click: nonNegative.default(2).meta({ example: '2' }),
  /** Click points an advocate can earn per item at most. */
  clickCapPerItem: nonNegative.default(20).meta({ example: '20' }),
  /** A link the advocate suggested that an approver approved. */
  suggestionApproved: nonNegative.default(25).meta({ example: '25' }),
});

/** The monthly reward cycle: top N, and optionally a draw among everyone over a threshold. */
export const rewardsSchema = z.strictObject({
  enabled: z.boolean().default(true).meta({ example: 'true' }),
  topN: z.number().int().min(0).max(100).default(3).meta({ example: '3' }),
  /** So that steady sharers win too: `winners` drawn among those with at least `threshold` points, not already in the top. */
  draw: z
    .strictObject({
      threshold: z.number().int().min(1).meta({ example: '50' }),
      winners: z.number().int().min(1).max(100).default(1).meta({ example: '2' }),
    })
    .optional(),
  /** What winners get, in the winners' mail and the admins' summary. */
  prize: z.string().min(1).max(200).default('a small thank-you from the programme').meta({ example: 'two movie tickets' }),
});

/** Friendly reminders to advocates who have gone quiet. */
export const nudgesSchema = z.strictObject({
  enabled: z.boolean().default(true).meta({ example: 'true' }),
  /** No share for this long → one nudge with this week's best item. */
  after: duration({ min: '1 day', max: '365 days' })
    .default(21 * 24 * 3_600_000)
    .meta({ example: '21 days' }),
  /** At most one nudge per this long. */
  atMostEvery: duration({ min: '1 day', max: '365 days' })
    .default(14 * 24 * 3_600_000)
    .meta({ example: '14 days' }),
  /** The local hour (program time zone) at which nudges and approvers' daily summaries go out. */
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time such as 10:00')
    .default('10:00')
    .meta({ example: '10:00' }),
});

const ONBOARDING_STEPS = ['welcome', 'first-posts', 'tip'] as const;

/** Words an admin writes for an onboarding mail, per language; a language left out gets kaiku's own. */
const perLanguage = z.partialRecord(z.enum(['fi', 'sv', 'en', 'da']), z.string().min(1).max(2000)).meta({ example: '{ fi: "Tervetuloa mukaan!" }' });

/** The welcome sequence for new advocates (issue 18): each step a mail, sent `after` their joining, in their language. */
export const onboardingSchema = z.strictObject({
  /** Off by default; when turned on, only advocates who join from then on are welcomed (`kaiku onboarding enrol` adds others). */
  enabled: z.boolean().default(false).meta({ example: 'true' }),
  /** The organisation's social-media guideline, linked from the welcome. */
  guideline: z
    .strictObject({
      url: httpUrl.meta({ example: 'https://www.vaasa.fi/somelinjaukset' }),
      text: perLanguage.optional(),
    })
    .optional(),
  steps: z
    .array(
      z.strictObject({
        kind: z.enum(ONBOARDING_STEPS, { error: `expected one of ${ONBOARDING_STEPS.join(', ')}` }).meta({ example: 'first-posts' }),
        /** After joining; the daily round sends it on the first day this has passed. */
        after: duration({ max: '365 days' }).meta({ example: '3 days' }),
        subject: perLanguage.optional(),
        intro: perLanguage.optional(),
      }),
    )
    .min(1, 'name at least one step, or turn onboarding off')
    .default([
      { kind: 'welcome', after: 0 },
      { kind: 'first-posts', after: 3 * 24 * 3_600_000 },
      { kind: 'tip', after: 10 * 24 * 3_600_000 },
    ])
    .meta({ example: '[{ kind: welcome, after: 0 days }, { kind: first-posts, after: 3 days }]' }),
  /** How many approved items "your first posts" shows. */
  firstPosts: z.number().int().min(1).max(10).default(3).meta({ example: '3' }),
});

/** How the admin page values the programme. */
export const analyticsSchema = z.strictObject({
  /** What a click would cost as a paid ad: earned media = unique human clicks × this. */
  costPerClick: z.number().min(0).max(1000).default(0.8).meta({ example: '0.80' }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected a currency code such as EUR or DKK')
    .default('EUR')
    .meta({ example: 'EUR' }),
  /** How many weeks the charts cover. */
  weeks: z.number().int().min(2).max(104).default(12).meta({ example: '12' }),
});

export const temporalSchema = z.strictObject({
  namespace: z.string().min(1).default('default').meta({ example: 'kaiku' }),
  taskQueue: z.string().min(1).default('kaiku').meta({ example: 'kaiku' }),
  activityHeartbeatTimeout: duration({ min: '1 second', max: '10 minutes' }).default(30_000).meta({ example: '30 seconds' }),
});

/**
 * Signing admins in with the organisation's OpenID provider (Entra ID, Google Workspace, Keycloak …): the
 * authorization code flow with PKCE. The client secret comes from OIDC_CLIENT_SECRET, never from here.
 */
export const oidcSchema = z.strictObject({
  /** The issuer: its `/.well-known/openid-configuration` is read from here. */
  issuer: httpUrl
    .refine((url) => url.startsWith('https:') || /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])[:/]/.test(url), {
      message: 'the issuer must be an https:// URL (plain http only for a provider on this machine)',
    })
    .meta({ example: 'https://login.microsoftonline.com/<tenant id>/v2.0' }),
  clientId: z.string().trim().min(1).max(300).meta({ example: '6731de76-14a6-49ae-97bc-6eba6914391e' }),
  /** Shown on the sign-in button: "Sign in with <name>". */
  name: z.string().trim().min(1).max(60).default('your organisation').meta({ example: 'Microsoft' }),
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'a scope is one word, such as openid or email'))
    .default(['openid', 'profile', 'email'])
    .refine((scopes) => scopes.includes('openid'), 'the scopes must include openid')
    .meta({ example: '[openid, profile, email]' }),
  /** The ID token claim that names the admin: `email` matches `admins[].email`; any other (`oid`, `sub`) matches `admins[].oidcId`. */
  matchClaim: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,80}$/, 'a claim name such as email, oid or sub')
    .default('email')
    .meta({ example: 'oid' }),
  /** The claim that lists the person's groups (Entra and Keycloak: `groups`). */
  groupsClaim: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,80}$/, 'a claim name such as groups')
    .default('groups')
    .meta({ example: 'groups' }),
  /**
   * When set, only members of these groups get in, with the group's role: a configured admin outside them is
   * refused, and a member who is not under `admins` is admitted by the provider's word (name and email from the token).
   */
  groups: z
    .array(
      z.strictObject({
        id: z.string().trim().min(1).max(300).meta({ example: '5a7f0c2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b' }),
        role: adminRole,
      }),
    )
    .default([])
    .meta({ example: '[{ id: 5a7f0c2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b, role: admin }]' }),
  /** How long a call to the provider (discovery, token, keys) may take before the sign-in says it is unreachable. */
  timeout: duration({ min: '1 second', max: '1 minute' }).default(10_000).meta({ example: '10 seconds' }),
});

export const authSchema = z.strictObject({
  /** The one-time sign-in link by email. `false` leaves only `oidc` (which must then be set). */
  emailLink: z.boolean().default(true).meta({ example: 'false' }),
  oidc: oidcSchema.optional(),
});

/**
 * kaiku as a SCIM 2.0 service provider at /scim/v2 (served when SCIM_TOKEN is set): users become advocates,
 * groups give them a branch or topics.
 */
export const scimSchema = z.strictObject({
  /** Where a user's branch comes from when no group gives one: the enterprise `department`, the work address's office, or nowhere. */
  branchFrom: z
    .enum(['department', 'office', 'none'], { error: 'expected department, office (the work address) or none' })
    .default('department')
    .meta({ example: 'office' }),
  /** What a group is to its members: their `branch`, one of their `topics` (its name, lower-cased), or nothing (`ignore`). */
  groupsAs: z.enum(['branch', 'topics', 'ignore'], { error: 'expected branch, topics or ignore' }).default('branch').meta({ example: 'topics' }),
  /** Groups given by name (or externalId) with their own branch or topics, over `groupsAs`. */
  groups: z
    .array(
      z.strictObject({
        group: z.string().trim().min(1).max(300).meta({ example: 'kaiku-culture' }),
        branch: z.string().trim().min(1).max(100).optional().meta({ example: 'Culture' }),
        topics: z
          .array(
            z
              .string()
              .min(1)
              .transform((t) => t.toLowerCase()),
          )
          .default([])
          .meta({ example: '[culture, events]' }),
      }),
    )
    .default([]),
  /** A user's language when `preferredLanguage` is missing or not one kaiku writes: the programme's default language. */
  defaultLanguage: z
    .enum(LANGUAGES, { error: `expected one of ${LANGUAGES.join(', ')}` })
    .optional()
    .meta({ example: 'fi' }),
  /** A user's time zone when `timezone` is missing: the programme's time zone. */
  defaultTimeZone: timeZone.optional().meta({ example: 'Europe/Helsinki' }),
});

/** How long raw events are kept (issue 19): older ones are folded into daily totals and deleted by a daily Schedule. */
export const retentionSchema = z.strictObject({
  /** Raw share and click events (who, which item, the day's visitor hash) older than this many months are folded and deleted. */
  linkEventMonths: z.number().int().min(1, 'keep raw events at least 1 month').max(120).default(13).meta({ example: '13' }),
});

/**
 * What kaiku keeps about advocates and how they leave it (the advocate's "What kaiku records about you" page).
 *
 * @example
 * privacy:
 *   retention: { linkEventMonths: 6 }
 *   erasure: admin-confirms
 */
export const privacySchema = z.strictObject({
  retention: retentionSchema.prefault({}),
  /** An advocate's "erase my data": done at once, or waiting until an admin confirms it on the Advocates page. */
  erasure: z.enum(['immediate', 'admin-confirms'], { error: 'expected immediate or admin-confirms' }).default('immediate').meta({ example: 'admin-confirms' }),
});

/**
 * One entry of `sources:`, checked key by key: the common keys by `sourceBaseShape`, the rest by its kind's
 * `configSchema`. The config's list uses it, and so does the console's source form (the same words for the same
 * mistakes).
 *
 * @example
 * buildSourceSchema(registry).safeParse({ id: 'city-news', kind: 'feed', url: 'https://www.vantaa.fi/fi/rss.xml' })
 */
export function buildSourceSchema(registry: SourceKinds) {
  const baseSchema = z.object(sourceBaseShape);
  // The common keys and the kind's own keys are checked side by side, so one run reports both.
  return z.record(z.string(), z.unknown(), { error: () => 'expected a map of keys (id:, kind:, url:, ...)' }).transform((entry, ctx) => {
    const common = Object.fromEntries(Object.entries(entry).filter(([key]) => SOURCE_BASE_KEYS.has(key)));
    const own = Object.fromEntries(Object.entries(entry).filter(([key]) => !SOURCE_BASE_KEYS.has(key)));
    const base = baseSchema.safeParse(common, { reportInput: true });
    if (!base.success) for (const issue of base.error.issues) ctx.addIssue({ ...issue } as never);

    const kind = typeof entry.kind === 'string' ? entry.kind : undefined;
    const definition = kind ? registry.get(kind) : undefined;
    if (kind && !definition) {
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        input: kind,
        message: `unknown kind "${kind}"; the kinds this kaiku knows are: ${registry.kinds().join(', ')}`,
        params: { unknownKind: true },
      });
    }
    const options = definition?.configSchema.safeParse(own, { reportInput: true });
    if (options && !options.success) for (const issue of options.error.issues) ctx.addIssue({ ...issue } as never);
    if (!base.success || !definition || !options?.success) return z.NEVER;

    const value = base.data;
    const settings = {
      id: value.id,
      kind: value.kind,
      name: value.name ?? value.id,
      url: value.url,
      topics: value.topics,
      language: value.language,
      pollEveryMs: value.pollEvery,
      approvers: value.approvers,
      priority: value.priority,
      enabled: value.enabled,
      allowPrivateAddresses: value.allowPrivateAddresses,
      contentType: value.contentType ?? value.kind,
    };
    return { settings, options: options.data as unknown };
  });
}

export function buildConfigSchema(registry: SourceKinds) {
  const sourceSchema = buildSourceSchema(registry);

  return z
    .strictObject({
      program: programSchema,
      admins: z.array(adminSchema).min(1, 'name at least one admin: someone has to approve content'),
      sources: z.array(sourceSchema).default([]),
      sourceModules: z.array(z.string().min(1)).default([]).meta({ example: '[./sources/intranet-news.ts]' }),
      fetch: fetchSchema.prefault({}),
      server: serverSchema.prefault({}),
      temporal: temporalSchema.prefault({}),
      approval: approvalSchema.prefault({}),
      email: emailSchema.prefault({}),
      digest: digestSchema.prefault({}),
      mail: mailSchema.prefault({}),
      slack: slackSchema.prefault({}),
      teams: teamsSchema.prefault({}),
      points: pointsSchema.prefault({}),
      rewards: rewardsSchema.prefault({}),
      nudges: nudgesSchema.prefault({}),
      analytics: analyticsSchema.prefault({}),
      onboarding: onboardingSchema.prefault({}),
      auth: authSchema.prefault({}),
      scim: scimSchema.prefault({}),
      privacy: privacySchema.prefault({}),
    })
    .superRefine((config, ctx) => {
      const seen = new Map<string, number>();
      config.sources.forEach((source, index) => {
        if (KAIKU_SOURCE_IDS.has(source.settings.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sources', index, 'id'],
            input: source.settings.id,
            message: ownSourceIdTaken(source.settings.id),
          });
        }
        const first = seen.get(source.settings.id);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['sources', index, 'id'],
            input: source.settings.id,
            message: `id "${source.settings.id}" is already used by sources[${first}]; every source needs its own id`,
          });
        }
        seen.set(source.settings.id, index);
      });
      const admins = new Set(config.admins.map((admin) => admin.email));
      config.approval.backupApprovers.forEach((email, position) => {
        if (!admins.has(email)) {
          ctx.addIssue({
            code: 'custom',
            path: ['approval', 'backupApprovers', position],
            input: email,
            message: `"${email}" is not one of the admins; add them under admins: or correct the address`,
          });
        }
      });
      if (config.approval.escalateAfter <= config.approval.remindAfter) {
        ctx.addIssue({
          code: 'custom',
          path: ['approval', 'escalateAfter'],
          input: config.approval.escalateAfter,
          message: 'must be later than remindAfter: the reminder comes first, then the backup approver is asked',
        });
      }
      const sourceIds = new Set(config.sources.map((source) => source.settings.id));
      // Slack's and Teams' channel rules route items the same way, so they are checked the same way.
      for (const platform of ['slack', 'teams'] as const) {
        config[platform].channels.forEach((rule, index) => {
          rule.sources.forEach((id, position) => {
            if (!sourceIds.has(id)) {
              ctx.addIssue({
                code: 'custom',
                path: [platform, 'channels', index, 'sources', position],
                input: id,
                message: `"${id}" is not the id of a source; use one of: ${[...sourceIds].join(', ') || '(no sources yet)'}`,
              });
            }
          });
          if (rule.sources.length === 0 && rule.topics.length === 0) {
            ctx.addIssue({
              code: 'custom',
              path: [platform, 'channels', index],
              input: rule,
              message: `name the sources or topics whose items go to this channel (or use ${platform}.channel for everything else)`,
            });
          }
        });
      }
      if (config.teams.weeklyTopPosts && !config.teams.programChannel) {
        ctx.addIssue({
          code: 'custom',
          path: ['teams', 'weeklyTopPosts'],
          input: true,
          message: 'the top posts go to the programme channel: set teams.programChannel too, or turn weeklyTopPosts off',
        });
      }
      config.onboarding.steps.forEach((step, index) => {
        const before = config.onboarding.steps[index - 1];
        if (before && step.after < before.after) {
          ctx.addIssue({
            code: 'custom',
            path: ['onboarding', 'steps', index, 'after'],
            input: step.after,
            message: 'comes before the step above it: list the steps in the order they are sent',
          });
        }
      });
      if (!config.auth.emailLink && !config.auth.oidc) {
        ctx.addIssue({
          code: 'custom',
          path: ['auth', 'emailLink'],
          input: false,
          message: 'with the emailed link off nobody could sign in: configure auth.oidc, or leave emailLink on',
        });
      }
      config.sources.forEach((source, index) => {
        source.settings.approvers.forEach((email, position) => {
          if (!admins.has(email)) {
            ctx.addIssue({
              code: 'custom',
              path: ['sources', index, 'approvers', position],
              input: email,
              message: notAnAdmin(email),
            });
          }
        });
      });
    })
    .transform((config) => ({
      ...config,
      program: { ...config.program, languages: config.program.languages ?? [config.program.defaultLanguage] },
    }));
}

/** The source advocates' suggested links belong to (created by migration 0005). */
export const SUGGESTIONS_SOURCE_ID = 'suggestions';

/** The source of posts admins write in the console (created by migration 0022). */
export const COMPOSED_SOURCE_ID = 'composed';

/** kaiku's own sources, never polled: no source of kaiku.yaml or the console may take their ids. */
export const KAIKU_SOURCE_IDS: ReadonlySet<string> = new Set([SUGGESTIONS_SOURCE_ID, COMPOSED_SOURCE_ID]);

/** What a source named like one of kaiku's own is told, in kaiku.yaml and in the console alike. */
export function ownSourceIdTaken(id: string): string {
  return `id "${id}" is kaiku's own (${id === SUGGESTIONS_SOURCE_ID ? "advocates' suggested links" : 'posts written in the console'}); give this source another id`;
}

/** What an approver (or backup approver) who is not an admin is told, in kaiku.yaml and in the console alike. */
export function notAnAdmin(email: string): string {
  return `"${email}" is not one of the admins; add them under admins: or correct the address`;
}

export type KaikuConfig = z.output<ReturnType<typeof buildConfigSchema>>;
/** The config as a person writes it (kaiku.yaml parsed, or an object handed to kaiku in code): defaults not filled yet. */
export type KaikuConfigInput = z.input<ReturnType<typeof buildConfigSchema>>;
export type ConfiguredSource = KaikuConfig['sources'][number];

/** An IANA zone name (Europe/Helsinki) or UTC; Intl accepts abbreviations too, which shift with DST. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}
