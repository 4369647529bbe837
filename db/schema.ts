import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { SourceState } from '../model/source.js';
import type { ApprovalEventKind, DecisionChannel, ItemCaptions, ItemState, Network, SourceHealth } from '../model/item.js';

type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface SourcesTable {
  id: string;
  kind: string;
  name: string;
  url: string;
  topics: Json<string[]>;
  settings: Json<Record<string, unknown>>;
  active: Generated<boolean>;
  health: Generated<SourceHealth>;
  last_error: string | null;
  /** What the last successful poll repaired or skipped (db/migrations/0011). */
  last_warning: Generated<string | null>;
  failure_count: Generated<number>;
  fetch_state: Json<SourceState>;
  content_hash: string | null;
  last_changed_at: NullableTimestamp;
  last_failed_at: NullableTimestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  /** Who owns the row: kaiku.yaml ('config') or the console ('console') (db/migrations/0016). */
  origin: Generated<SourceOrigin>;
  /** When an admin removed a console source; its items stay. */
  removed_at: NullableTimestamp;
}

export type SourceOrigin = 'config' | 'console';

export interface ItemsTable {
  id: string;
  /** The canonical URL: what advocates share and what dedup is on. */
  url: string;
  source_id: string;
  title: string;
  summary: string | null;
  image_url: string | null;
  author: string | null;
  language: string | null;
  topics: Json<string[]>;
  categories: Json<string[]>;
  published_at: NullableTimestamp;
  state: Generated<ItemState>;
  approval_started_at: NullableTimestamp;
  discovered_at: DefaultTimestamp;
  /** When the event the item announces ends, if the source knows: the item expires then. */
  event_ends_at: NullableTimestamp;
  captions: ColumnType<ItemCaptions | null, string | null, string | null>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decided_via: DecisionChannel | null;
  decision_reason: string | null;
  expires_at: NullableTimestamp;
  /** The console's schedule for an approved item: digests carry it only from `not_before` and before `not_after`. */
  not_before: NullableTimestamp;
  not_after: NullableTimestamp;
  /** Pinned to the top of the next digest run (and by whom); cleared when a run has carried it. */
  pinned_at: NullableTimestamp;
  pinned_by: string | null;
  /** Retracted: in no later digest, nudge or top-posts card; its share page says it was withdrawn. */
  retracted_at: NullableTimestamp;
  retracted_by: string | null;
  /** The admin who wrote it in the console (migration 0022); null for an item from a feed or a suggestion. */
  composed_by: Generated<string | null>;
  /** The branches a composed post is for (migration 0026); empty: every advocate it fits otherwise. */
  branches: ColumnType<string[], string | undefined, string>;
}

export interface ItemSourcesTable {
  item_id: string;
  source_id: string;
  guid: string | null;
  seen_url: string;
  first_seen_at: DefaultTimestamp;
}

export interface ApprovalEventsTable {
  id: Generated<string>;
  key: string;
  item_id: string;
  kind: ApprovalEventKind;
  /** An approver's address, or `kaiku` for what the workflow did by itself. */
  actor: string;
  recipient: string | null;
  channel: DecisionChannel;
  message_id: string | null;
  detail: Json<Record<string, unknown>>;
  at: DefaultTimestamp;
}

export type InboundVia = 'smtp' | 'imap' | 'webhook';
export type InboundState = 'received' | 'done' | 'failed';

export interface InboundMailTable {
  id: Generated<string>;
  dedup_key: string;
  via: InboundVia;
  envelope_from: string | null;
  envelope_to: Json<string[]>;
  raw: Uint8Array;
  size: number;
  state: Generated<InboundState>;
  attempts: Generated<number>;
  claimed_until: NullableTimestamp;
  outcome: string | null;
  detail: string | null;
  item_id: string | null;
  sender: string | null;
  received_at: DefaultTimestamp;
  processed_at: NullableTimestamp;
}

export interface OutboxMailTable {
  id: Generated<string>;
  message_id: string | null;
  envelope_from: string | null;
  envelope_to: Json<string[]>;
  subject: string | null;
  raw: Uint8Array;
  inbound: Generated<boolean>;
  received_at: DefaultTimestamp;
}

export interface MailboxCursorsTable {
  mailbox: string;
  uid_validity: string;
  last_uid: ColumnType<string, string | number, string | number>;
  updated_at: DefaultTimestamp;
}

export interface LoginNoncesTable {
  nonce: string;
  email: string;
  used_at: NullableTimestamp;
  created_at: DefaultTimestamp;
  revoked_at: NullableTimestamp;
}

export interface AdminSessionsTable {
  id_hash: string;
  admin_email: string;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  expires_at: ColumnType<Date, Date, Date>;
  ended_at: NullableTimestamp;
  ended_by: string | null;
  user_agent: string | null;
  signed_in_via: Generated<'email' | 'oidc'>;
  /** Set for an admin a provider's group admitted who is not under `admins:` (with `admitted_by_group`). */
  admin_name: string | null;
  admitted_by_group: string | null;
}

export interface OidcSpentStatesTable {
  state_hash: string;
  spent_at: DefaultTimestamp;
}

export interface ScimUsersTable {
  advocate_id: string;
  user_name: string;
  external_id: string | null;
  active: Generated<boolean>;
  /** kaiku paused the advocate's mail because the directory set active=false. */
  suspended: Generated<boolean>;
  branch_attribute: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ScimGroupsTable {
  id: string;
  display_name: string;
  external_id: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ScimGroupMembersTable {
  group_id: string;
  advocate_id: string;
}

export type ErasureState = 'requested' | 'erased' | 'declined';

/** A change made in the console (migration 0014): who, when, to what, and the entity before and after. */
export interface AuditTrailTable {
  id: Generated<string>;
  at: DefaultTimestamp;
  /** The admin's address. */
  actor: string;
  entity: string;
  entity_id: string;
  action: string;
  before: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  after: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}

/** An urgent send (migration 0018): an approved item mailed now to a segment, by whom, to how many. */
export interface UrgentSendsTable {
  id: string;
  item_id: string;
  actor: string;
  segment: Json<UrgentSegmentJson>;
  planned: number | null;
  left_out: ColumnType<Record<string, number> | null, string | null, string | null>;
  slack_channel: string | null;
  slack_ts: string | null;
  created_at: DefaultTimestamp;
  finished_at: NullableTimestamp;
}

/** A caption template (migration 0019): one variant of a network × language's words, with placeholders. */
export interface CaptionTemplatesTable {
  network: Network;
  language: string;
  variant: number;
  body: string;
  updated_at: DefaultTimestamp;
}

/** The programme's hashtags written in the console (migration 0019): one row at most. */
export interface CaptionHashtagsTable {
  id: Generated<boolean>;
  hashtags: Json<string[]>;
  updated_at: DefaultTimestamp;
}

/** The segment as stored: `kind` 'all', or the branches, topics or languages chosen. */
export interface UrgentSegmentJson {
  kind: 'all' | 'branches' | 'topics' | 'languages';
  values: string[];
}

/** One advocate an urgent send mails: planned before any mail goes, sent once (its keyed mail). */
export interface UrgentMailsTable {
  send_id: string;
  advocate_id: string;
  item_id: string;
  state: Generated<'planned' | 'sent' | 'failed'>;
  planned_at: DefaultTimestamp;
  sent_at: NullableTimestamp;
}

/** An admin, approver or analyst added in the console (migration 0020); kaiku.yaml's admins are not rows. */
export interface ConsoleAdminsTable {
  email: string;
  name: string;
  role: 'admin' | 'approver' | 'analyst';
  topics: ColumnType<string[], string | undefined, string>;
  backup: Generated<boolean>;
  approval_mail: Generated<'each' | 'daily'>;
  slack_user_id: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** The console language an admin chose in the header (migration 0024), by address. */
export interface AdminLanguagesTable {
  email: string;
  language: 'fi' | 'sv' | 'en';
  updated_at: DefaultTimestamp;
}

export interface ErasureRequestsTable {
  advocate_id: string;
  state: Generated<ErasureState>;
  requested_at: DefaultTimestamp;
  decided_at: NullableTimestamp;
  decided_by: string | null;
  /** Why an admin declined it (migration 0023), shown to the advocate. */
  decline_reason: Generated<string | null>;
}

export interface LinkEventDaysTable {
  /** YYYY-MM-DD (UTC). */
  day: ColumnType<string, string, never>;
  item_id: string;
  kind: LinkEventKind;
  network: string;
  branch: string;
  events: number;
  human_events: number;
  visitors: number;
}

export interface LinkEventFoldsTable {
  day: ColumnType<string, string, never>;
  events: number;
  /** The last event id the fold counted (migration 0010): the deletion goes no further. */
  through_event_id: ColumnType<string, string | number, never>;
  folded_at: DefaultTimestamp;
}

export interface RateLimitsTable {
  key: string;
  points: number;
  expire: ColumnType<string | null, number | null, number | null>;
}

export type DigestFrequency = 'weekly' | 'fortnightly';
export type AdvocateMailState = 'ok' | 'bouncing' | 'paused';

export interface AdvocatesTable {
  id: Generated<string>;
  email: string;
  name: string;
  language: string;
  time_zone: string;
  branch: string | null;
  topics: Json<string[]>;
  networks: Json<Network[]>;
  mastodon_instance: string | null;
  frequency: Generated<DigestFrequency>;
  /** A local date (YYYY-MM-DD): no digest before it. */
  paused_until: string | null;
  unsubscribed_at: NullableTimestamp;
  bounces: Generated<number>;
  mail_state: Generated<AdvocateMailState>;
  last_digest_at: NullableTimestamp;
  prefs_updated_at: NullableTimestamp;
  /** The advocate agreed to appear by name on leaderboards. */
  show_name: Generated<boolean>;
  last_nudged_at: NullableTimestamp;
  /** A local date (YYYY-MM-DD): no nudge before it. */
  nudges_snoozed_until: string | null;
  /** When the advocate's personal data was erased; the row stays for the aggregates that point at it. */
  erased_at: NullableTimestamp;
  /** When an admin removed the advocate from the programme: no more mail; the row stays for the aggregates. */
  removed_at: NullableTimestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export type DigestState = 'planned' | 'sending' | 'sent' | 'empty' | 'failed' | 'held';

/** Why the mail budget (`mail:` in the config) held a digest or nudge. */
export type HeldReason = 'quiet period' | 'weekly cap';
export type HeldCounts = Partial<Record<HeldReason, number>>;

export interface DigestsTable {
  id: Generated<string>;
  advocate_id: string;
  period: string;
  state: Generated<DigestState>;
  item_ids: Json<string[]>;
  message_id: string | null;
  attempts: Generated<number>;
  claimed_by: string | null;
  claimed_until: NullableTimestamp;
  not_before: NullableTimestamp;
  error: string | null;
  planned_at: DefaultTimestamp;
  sent_at: NullableTimestamp;
  opened_at: NullableTimestamp;
  /** When one of its items was first shared after it went (kept by the tally, for the funnel). */
  shared_at: NullableTimestamp;
  /** What the funnel rollup has counted of it: 0 nothing, 1 sent, 2 opened, 3 shared. */
  funnel_counted: Generated<number>;
  run_id: string | null;
  batch: number | null;
  deferrals: Generated<number>;
  held_reason: HeldReason | null;
}

/** Figures a finished digest run ended with (the digests rows can move to a later run). */
export interface DigestRunTotals {
  due: number;
  sent: number;
  empty: number;
  failed: number;
  deferred: number;
  open: number;
}

export interface DigestRunsTable {
  id: Generated<string>;
  workflow_id: string;
  workflow_run_id: string;
  tick_at: ColumnType<Date, Date | string, Date | string>;
  forced: boolean;
  planned: Generated<number>;
  batches: Generated<number>;
  batch_size: Generated<number>;
  started_at: DefaultTimestamp;
  touched_at: DefaultTimestamp;
  finished_at: NullableTimestamp;
  totals: ColumnType<DigestRunTotals | null, string | null, string | null>;
  /** Digests this run held, by reason, as planned. */
  held: ColumnType<HeldCounts, string | undefined, string>;
}

export interface DigestBatchesTable {
  run_id: string;
  batch: number;
  worker: string | null;
  attempts: Generated<number>;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface DigestItemsTable {
  advocate_id: string;
  item_id: string;
  digest_id: string;
}

/** `share_opened`: the share page was opened (no points); `share`: the advocate went on to the network's dialog. */
export type LinkEventKind = 'share' | 'click' | 'share_opened';

export interface LinkEventsTable {
  id: Generated<string>;
  kind: LinkEventKind;
  advocate_id: string;
  item_id: string;
  network: Network | null;
  visitor: string | null;
  bot: Generated<boolean>;
  at: DefaultTimestamp;
}

export type SlackMessageKind = 'card' | 'reminder' | 'escalation';

export interface SlackMessagesTable {
  item_id: string;
  target: string;
  channel: string;
  kind: SlackMessageKind;
  ts: string;
  outcome: 'approved' | 'rejected' | 'expired' | null;
  posted_at: DefaultTimestamp;
  updated_at: Date | null;
}

export type TeamsMessageKind = 'card' | 'reminder' | 'escalation';

export interface TeamsMessagesTable {
  item_id: string;
  /** `channel:<19:…@thread.tacv2>` or `user:<Entra object id>`. */
  target: string;
  kind: TeamsMessageKind;
  conversation_id: string;
  activity_id: string;
  outcome: 'approved' | 'rejected' | 'expired' | null;
  posted_at: DefaultTimestamp;
  updated_at: Date | null;
}

export interface TeamsPostsTable {
  key: string;
  conversation_id: string;
  activity_id: string;
  posted_at: DefaultTimestamp;
}

export interface OnboardingTable {
  advocate_id: string;
  enrolled_at: DefaultTimestamp;
  next_step: Generated<number>;
  last_sent_on: string | null;
  finished_at: NullableTimestamp;
}

export interface OnboardingStartTable {
  one: Generated<boolean>;
  started_at: Date;
}

export type PointReason = 'share' | 'click' | 'suggestion';

export interface PointsTable {
  id: Generated<string>;
  key: string;
  advocate_id: string;
  reason: PointReason;
  item_id: string | null;
  points: number;
  at: ColumnType<Date, Date | string, never>;
  tallied_at: DefaultTimestamp;
}

export interface PointsCursorTable {
  name: string;
  last_event_id: string;
}

/** The rollups of migration 0009: what analytics and leaderboards read (see db/queries/analytics-rollup.ts). */
export type AnalyticsDimension = 'source' | 'branch' | 'network';

export interface AnalyticsDailyTable {
  dimension: AnalyticsDimension;
  day: ColumnType<string, string, string>;
  key: string | null;
  opened: number;
  shares: number;
  clicks: number;
  through_event_id: string;
}

export interface ItemDailyTable {
  item_id: string;
  day: ColumnType<string, string, string>;
  network: Network | null;
  opened: number;
  shares: number;
  clicks: number;
  through_event_id: string;
}

export interface DigestFunnelDailyTable {
  day: ColumnType<string, string, string>;
  period: string;
  sent: number;
  opened: number;
  shared: number;
}

export interface ItemDigestsTable {
  item_id: string;
  period: string;
  digests: number;
}

export interface PointPeriodsTable {
  id: Generated<number>;
  kind: 'week' | 'month' | 'all';
  starts_at: Date | null;
  ends_at: Date | null;
}

export interface PointTotalsTable {
  period_id: number;
  advocate_id: string;
  points: number;
  first_at: Date;
}

export type KeyedMailState = 'sending' | 'sent' | 'failed';

export interface KeyedMailTable {
  key: string;
  kind: string;
  recipient: string;
  message_id: string;
  state: Generated<KeyedMailState>;
  error: string | null;
  created_at: DefaultTimestamp;
  sent_at: NullableTimestamp;
}

export interface RewardMonthsTable {
  month: string;
  rule: Json<Record<string, unknown>>;
  closed_at: DefaultTimestamp;
}

export interface RewardWinnersTable {
  month: string;
  advocate_id: string;
  kind: 'top' | 'draw';
  rank: number;
  points: number;
}

export type SuggestionVia = 'form' | 'email' | 'slack';
export type SuggestionState = 'received' | 'accepted' | 'duplicate' | 'refused';

export interface SuggestionsTable {
  id: Generated<string>;
  key: string;
  advocate_id: string;
  url: string;
  via: SuggestionVia;
  note: string | null;
  state: Generated<SuggestionState>;
  reason: string | null;
  item_id: string | null;
  created_at: DefaultTimestamp;
  decided_at: NullableTimestamp;
}

export interface Database {
  analytics_daily: AnalyticsDailyTable;
  item_daily: ItemDailyTable;
  digest_funnel_daily: DigestFunnelDailyTable;
  item_digests: ItemDigestsTable;
  point_periods: PointPeriodsTable;
  point_totals: PointTotalsTable;
  points: PointsTable;
  points_cursor: PointsCursorTable;
  keyed_mail: KeyedMailTable;
  reward_months: RewardMonthsTable;
  reward_winners: RewardWinnersTable;
  suggestions: SuggestionsTable;
  slack_messages: SlackMessagesTable;
  teams_messages: TeamsMessagesTable;
  teams_posts: TeamsPostsTable;
  onboarding: OnboardingTable;
  onboarding_start: OnboardingStartTable;
  advocates: AdvocatesTable;
  digests: DigestsTable;
  digest_runs: DigestRunsTable;
  digest_batches: DigestBatchesTable;
  digest_items: DigestItemsTable;
  link_events: LinkEventsTable;
  sources: SourcesTable;
  items: ItemsTable;
  item_sources: ItemSourcesTable;
  approval_events: ApprovalEventsTable;
  inbound_mail: InboundMailTable;
  outbox_mail: OutboxMailTable;
  mailbox_cursors: MailboxCursorsTable;
  login_nonces: LoginNoncesTable;
  admin_sessions: AdminSessionsTable;
  rate_limits: RateLimitsTable;
  oidc_spent_states: OidcSpentStatesTable;
  scim_users: ScimUsersTable;
  scim_groups: ScimGroupsTable;
  scim_group_members: ScimGroupMembersTable;
  erasure_requests: ErasureRequestsTable;
  audit_trail: AuditTrailTable;
  urgent_sends: UrgentSendsTable;
  urgent_mails: UrgentMailsTable;
  console_admins: ConsoleAdminsTable;
  admin_languages: AdminLanguagesTable;
  caption_templates: CaptionTemplatesTable;
  caption_hashtags: CaptionHashtagsTable;
  link_event_days: LinkEventDaysTable;
  link_event_folds: LinkEventFoldsTable;
}

export type SourceRow = Selectable<SourcesTable>;
export type ItemRow = Selectable<ItemsTable>;
export type AdvocateRow = Selectable<AdvocatesTable>;
export type AuditTrailRow = Selectable<AuditTrailTable>;
export type ConsoleAdminRow = Selectable<ConsoleAdminsTable>;
export type UrgentSendRow = Selectable<UrgentSendsTable>;
export type CaptionTemplateRow = Selectable<CaptionTemplatesTable>;
export type DigestRow = Selectable<DigestsTable>;
export type DigestRunRow = Selectable<DigestRunsTable>;
export type SuggestionRow = Selectable<SuggestionsTable>;
export type SlackMessageRow = Selectable<SlackMessagesTable>;
export type TeamsMessageRow = Selectable<TeamsMessagesTable>;
export type NewItem = Insertable<ItemsTable>;
export type ApprovalEventRow = Selectable<ApprovalEventsTable>;
export type InboundMailRow = Selectable<InboundMailTable>;
export type OutboxMailRow = Selectable<OutboxMailTable>;
export type AdminSessionRow = Selectable<AdminSessionsTable>;
export type ScimUserRow = Selectable<ScimUsersTable>;
export type ScimGroupRow = Selectable<ScimGroupsTable>;
