// Every table kaiku keeps, and in each the columns that hold personal data: whose, why, for how long, and what
// an erasure does with them. One list for the advocate's privacy page, docs/privacy.md and the tests that hold
// it to the real schema (tests/integration/personal-data.test.ts: a column added by a migration fails there
// until it is listed here, as personal or not).

/** Whose data a table holds: an advocate's, an admin's, or either (a mail to or from anyone). */
export type DataSubject = 'advocate' | 'admin' | 'anyone';

export interface PersonalDataTable {
  table: string;
  subject: DataSubject;
  /** The columns that hold personal data (an address, a name, a hash or text that can single a person out). */
  personal: readonly string[];
  /** The table's other columns: ids, states, moments and counts that name no one once the personal ones are gone. */
  other: readonly string[];
  /** Personal columns an erasure keeps, each with the reason (they alone single no one out). */
  keptOnErasure?: Readonly<Record<string, string>>;
  /** Why kaiku keeps it. */
  why: string;
  /** How long. */
  keptFor: string;
  /** What erasing an advocate does to their rows (advocate and anyone tables). */
  onErasure?: string;
}

/**
 * The tables with personal data.
 *
 * @example
 * PERSONAL_DATA.filter((t) => t.subject === 'advocate').map((t) => t.table) // ['advocates', 'link_events', …]
 */
export const PERSONAL_DATA: readonly PersonalDataTable[] = [
  {
    table: 'advocates',
    subject: 'advocate',
    personal: ['email', 'name', 'language', 'time_zone', 'branch', 'topics', 'networks', 'mastodon_instance', 'paused_until', 'nudges_snoozed_until'],
    other: [
      'id',
      'frequency',
      'unsubscribed_at',
      'bounces',
      'mail_state',
      'last_digest_at',
      'prefs_updated_at',
      'created_at',
      'updated_at',
      'show_name',
      'last_nudged_at',
      'erased_at',
      'removed_at',
    ],
    keptOnErasure: {
      branch: 'the branch the programme totals are counted by (a unit, not a person)',
      language: 'the language the totals are counted by',
    },
    why: 'to send each advocate their digest in their language, at their hour, with the posts that fit them',
    keptFor: 'while they are on the roster; an erasure clears it at once',
    onErasure: 'the row stays for the totals, holding no address, name or settings',
  },
  {
    table: 'scim_users',
    subject: 'advocate',
    personal: ['user_name', 'external_id', 'branch_attribute'],
    other: ['advocate_id', 'active', 'suspended', 'created_at', 'updated_at'],
    why: "the directory's identity of an advocate it provisions (SCIM), to match its later changes",
    keptFor: 'while the directory provisions them',
    onErasure: 'deleted',
  },
  {
    table: 'scim_group_members',
    subject: 'advocate',
    personal: ['advocate_id'],
    other: ['group_id'],
    why: 'which directory groups an advocate is in, for their branch and topics',
    keptFor: 'while the directory says so',
    onErasure: 'deleted',
  },
  {
    table: 'link_events',
    subject: 'advocate',
    personal: ['visitor'],
    other: ['id', 'kind', 'advocate_id', 'item_id', 'network', 'bot', 'at'],
    why: "each share and click of an advocate's links, for their points and the programme's analytics; `visitor` is a hash of the clicking browser that changes every day, so a click is counted once",
    keptFor: 'privacy.retention.linkEventMonths (13 months by default), then folded into daily totals and deleted',
    onErasure: 'the visitor hashes are cleared; the events stay for the totals, pointing at the erased row',
  },
  {
    table: 'points',
    subject: 'advocate',
    personal: ['key'],
    other: ['id', 'advocate_id', 'reason', 'item_id', 'points', 'at', 'tallied_at'],
    why: "the points ledger; a click's key quotes the day's visitor hash so that it pays once",
    keptFor: 'for the all-time leaderboard, while the programme runs',
    onErasure: 'the visitor hash in click keys is replaced; the points stay in the totals',
  },
  {
    table: 'digests',
    subject: 'advocate',
    personal: ['message_id', 'error'],
    other: [
      'id',
      'advocate_id',
      'period',
      'state',
      'item_ids',
      'attempts',
      'claimed_by',
      'claimed_until',
      'not_before',
      'planned_at',
      'sent_at',
      'opened_at',
      'run_id',
      'batch',
      'deferrals',
      'shared_at',
      'funnel_counted',
      'held_reason',
    ],
    why: "one digest per advocate and week, so none is sent twice; the Message-ID finds the mail in the relay's logs, an SMTP error can quote the address",
    keptFor: 'while the programme runs',
    onErasure: 'Message-ID and error cleared',
  },
  {
    table: 'suggestions',
    subject: 'advocate',
    personal: ['url', 'note'],
    other: ['id', 'key', 'advocate_id', 'via', 'state', 'reason', 'item_id', 'created_at', 'decided_at'],
    why: 'links advocates suggest, for the approvers',
    keptFor: 'while the programme runs',
    onErasure: 'the note is cleared, and the link too unless it became an approved item',
  },
  {
    table: 'keyed_mail',
    subject: 'anyone',
    personal: ['recipient', 'message_id', 'error'],
    other: ['key', 'kind', 'state', 'created_at', 'sent_at'],
    why: 'nudges, reward and onboarding mails and admin summaries, each sent once',
    keptFor: 'while the programme runs',
    onErasure: "address, Message-ID and error replaced in the advocate's rows",
  },
  {
    table: 'outbox_mail',
    subject: 'anyone',
    personal: ['message_id', 'envelope_from', 'envelope_to', 'subject', 'raw'],
    other: ['id', 'inbound', 'received_at'],
    why: "the embedded SMTP catcher's copies (kaiku dev only: a production relay keeps none here)",
    keptFor: 'until the data folder is removed',
    onErasure: 'mails to the advocate deleted',
  },
  {
    table: 'inbound_mail',
    subject: 'anyone',
    personal: ['dedup_key', 'envelope_from', 'envelope_to', 'raw', 'sender', 'detail'],
    other: ['id', 'via', 'size', 'state', 'attempts', 'claimed_until', 'outcome', 'item_id', 'received_at', 'processed_at'],
    why: 'replies to approval mails and digests (approvals, suggestions), stored before they are read',
    keptFor: 'while the programme runs',
    onErasure: 'mails from the advocate deleted',
  },
  {
    table: 'erasure_requests',
    subject: 'advocate',
    personal: ['decided_by'],
    other: ['advocate_id', 'state', 'requested_at', 'decided_at'],
    keptOnErasure: { decided_by: "who erased: 'advocate', 'scim' or the confirming admin's address (an admin's data, kept as the record of the erasure)" },
    why: "an advocate's request to erase their data, and who carried it out",
    keptFor: 'as the record that the erasure was done',
  },
  {
    table: 'reward_winners',
    subject: 'advocate',
    personal: ['advocate_id'],
    other: ['month', 'kind', 'rank', 'points'],
    keptOnErasure: { advocate_id: 'points at the erased row, which names no one' },
    why: "the month's winners, so a month is closed once",
    keptFor: 'while the programme runs',
  },
  {
    table: 'onboarding',
    subject: 'advocate',
    personal: ['advocate_id'],
    other: ['enrolled_at', 'next_step', 'last_sent_on', 'finished_at'],
    keptOnErasure: { advocate_id: 'points at the erased row, which names no one' },
    why: 'where a new advocate is in the welcome sequence',
    keptFor: 'until the sequence ends, then as its record',
  },
  {
    table: 'digest_items',
    subject: 'advocate',
    personal: ['advocate_id'],
    other: ['item_id', 'digest_id'],
    keptOnErasure: { advocate_id: 'points at the erased row, which names no one' },
    why: 'which items an advocate received, so none comes twice',
    keptFor: 'while the programme runs',
  },
  {
    table: 'point_totals',
    subject: 'advocate',
    personal: ['advocate_id'],
    other: ['period_id', 'points', 'first_at'],
    keptOnErasure: { advocate_id: 'points at the erased row, which names no one' },
    why: "the leaderboards' totals (names only of those who opted in)",
    keptFor: 'while the programme runs',
  },
  {
    table: 'urgent_mails',
    subject: 'advocate',
    personal: ['advocate_id'],
    other: ['send_id', 'item_id', 'state', 'planned_at', 'sent_at'],
    why: "which advocates an urgent send (the console's Send now) mails, so none is mailed twice and the per-advocate cap (mail.urgentCap) can be counted",
    keptFor: 'while the programme runs',
    onErasure: 'deleted (the send keeps how many it reached)',
  },
  {
    table: 'urgent_sends',
    subject: 'admin',
    personal: ['actor'],
    other: ['id', 'item_id', 'segment', 'planned', 'left_out', 'slack_channel', 'slack_ts', 'created_at', 'finished_at'],
    why: 'each urgent send: which item, to which segment, by which admin, how many it reached',
    keptFor: 'while the programme runs (the audit trail)',
  },
  {
    table: 'console_admins',
    subject: 'admin',
    personal: ['email', 'name', 'slack_user_id'],
    other: ['role', 'topics', 'backup', 'approval_mail', 'created_at', 'updated_at'],
    why: 'the admins, approvers and analysts added in the console: who may sign in, in which role, and how they are asked',
    keptFor: 'until an admin removes them in the console',
  },
  {
    table: 'admin_sessions',
    subject: 'admin',
    personal: ['admin_email', 'admin_name', 'user_agent', 'admitted_by_group'],
    other: ['id_hash', 'created_at', 'last_seen_at', 'expires_at', 'ended_at', 'ended_by', 'signed_in_via'],
    why: "admins' console sessions (the cookie's hash, the browser, how they signed in)",
    keptFor: 'until the session ends or expires',
  },
  {
    table: 'login_nonces',
    subject: 'admin',
    personal: ['email'],
    other: ['nonce', 'used_at', 'created_at', 'revoked_at'],
    why: 'emailed sign-in links, each usable once',
    keptFor: 'until the link expires (15 minutes) or is used',
  },
  {
    table: 'rate_limits',
    subject: 'admin',
    personal: ['key'],
    other: ['points', 'expire'],
    why: "sign-in attempts counted per address and per client (the key quotes the address or the client's IP)",
    keptFor: 'the rate window (15 minutes)',
  },
  {
    table: 'approval_events',
    subject: 'admin',
    personal: ['actor', 'recipient', 'message_id', 'detail'],
    other: ['id', 'key', 'item_id', 'kind', 'channel', 'at'],
    why: 'the audit trail of each approval: who was asked, who decided, when, by which channel',
    keptFor: 'while the programme runs (the audit trail)',
  },
  {
    table: 'items',
    subject: 'admin',
    personal: ['author', 'decided_by', 'decision_reason', 'pinned_by', 'retracted_by', 'composed_by'],
    other: [
      'id',
      'url',
      'source_id',
      'title',
      'summary',
      'image_url',
      'language',
      'topics',
      'categories',
      'published_at',
      'state',
      'approval_started_at',
      'discovered_at',
      'event_ends_at',
      'captions',
      'expires_at',
      'decided_at',
      'decided_via',
      'not_before',
      'not_after',
      'pinned_at',
      'retracted_at',
    ],
    why: "the articles from the organisation's feeds (their published author) and the admin who wrote (in the console), decided, pinned or retracted each",
    keptFor: 'while the programme runs',
  },
  {
    table: 'audit_trail',
    subject: 'anyone',
    personal: ['actor', 'before', 'after'],
    other: ['id', 'at', 'entity', 'entity_id', 'action'],
    keptOnErasure: { actor: "the admin who made the change (an admin's address, not the advocate's)" },
    why: 'every change an admin makes in the console: who, when, what, and the entry before and after',
    keptFor: 'while the programme runs (the audit trail)',
    onErasure: "an erased advocate's entries keep who changed what and when; the values quoted of them are cleared",
  },
];

/** The tables without personal data, each with what it holds. */
export const NO_PERSONAL_DATA: Readonly<Record<string, string>> = {
  analytics_daily: 'daily counts per source, branch and network',
  item_daily: 'daily counts per item and network',
  digest_funnel_daily: 'digests sent, opened and shared per day',
  item_digests: 'how many digests carried an item',
  link_event_days: 'raw events past retention, as daily counts per item, kind, network and branch',
  link_event_folds: 'which days retention has folded',
  point_periods: 'the leaderboard weeks and months',
  points_cursor: 'how far the tally has read',
  digest_runs: 'each digest run, its batches and totals',
  digest_batches: 'which worker sent which batch',
  reward_months: 'months closed, with the rule',
  sources: "the organisation's feeds",
  item_sources: 'which feed an item came from',
  slack_messages: 'approval cards posted in Slack channels',
  teams_messages: 'approval cards posted in Teams channels',
  teams_posts: "posts in the programme's Teams channel",
  scim_groups: "the directory's groups (names of units, not people)",
  oidc_spent_states: 'hashes of spent OpenID sign-in states',
  mailbox_cursors: 'how far the IMAP mailbox is read',
  onboarding_start: 'when onboarding was turned on',
  kaiku_migrations: 'the migrations applied',
};
