import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import type { HealthReport } from '../health-checks.js';
import type { ItemState, SourceHealth } from '../../model/item.js';
import type { AdminRole } from '../../model/admin.js';
import type { NoDigestReason } from '../../rules/digests/next-run.js';
import type { Network } from '../../model/item.js';
import { NETWORK_NAMES } from '../../rules/captions/caption-limits.js';
import type { HashtagRefusal, TemplateFormRefusal } from './caption-form.js';
import type { LeftOutReason, SegmentKind, SegmentRefusals, UrgentSegment } from '../../rules/urgent/urgent-audience.js';
import type { SourceRefusal } from './source-form.js';
import type { PreviewRefusal } from '../../activities/preview-source.js';
import { durationText } from './duration-text.js';
import type { DecisionRefusal } from '../../rules/approvals/decisions.js';
import type { AdmissionRefusal } from '../../integrations/identity/oidc-admission.js';
import type { FormRefusalWords } from '../form-guard.js';
import type { AdminFieldName } from './admin-form.js';
import type { AdvocateInput } from '../../model/advocate.js';
import type { AdvocateProblem, RosterRefusalCause } from '../../rules/advocates/roster.js';
import type { AdvocateState } from './advocate-form.js';

// The console's words in Finnish, Swedish and English (issue 17). English is the type: Finnish and Swedish are
// checked against it, so a string added to one language and not the others fails the type check.
// Markup stays in the pages; a sentence around a link or a <time> is split into the text before and after it.

const en = {
  locale: 'en',
  header: {
    pages: {
      items: 'Items',
      compose: 'Compose',
      sources: 'Sources',
      advocates: 'Advocates',
      captions: 'Captions',
      'this-week': 'This week',
      digests: 'Digests',
      leaderboards: 'Leaderboards',
      analytics: 'Analytics',
      people: 'Admins',
      sessions: 'Sessions',
    },
    pagesLabel: 'Admin pages',
    signOut: 'Sign out',
    language: 'Language',
    changeLanguage: 'Change',
  },
  health: {
    database: 'kaiku cannot reach its database: pages may fail and nothing new can be recorded until it is back.',
    temporal: 'kaiku cannot reach Temporal: decisions and sign-in links cannot be taken for a moment; nothing is lost, try again when this banner is gone.',
    workers: 'No kaiku worker is polling its task queue: polls, approval mails and digests wait until one runs (`kaiku worker`).',
    smtp: 'The SMTP server does not answer: mail waits and is retried; nothing is lost.',
  } satisfies Record<keyof HealthReport['checks'], string>,
  pager: {
    label: 'Pages',
    none: (noun: string) => `No ${noun}`,
    all: (total: string, noun: string) => `${total} ${noun}`,
    range: (from: string, to: string, total: string, noun: string) => `${from}–${to} of ${total} ${noun}`,
    first: '« First',
    previous: '‹ Previous',
    next: 'Next ›',
    last: 'Last »',
    sort: 'Sort',
    search: 'Search',
  },
  signIn: {
    title: 'Sign in',
    signedOut: 'You are signed out.',
    withProvider: (provider: string) => `Sign in with ${provider}`,
    addressLabel: (program: string, orFirst: boolean) => `${orFirst ? 'Or: your' : 'Your'} admin address in ${program}`,
    emailMe: 'Email me a sign-in link',
    badAddress: 'Give your email address, such as ulla@city.example.',
    tooManyTitle: 'Too many sign-in requests',
    tooMany:
      'There were too many sign-in requests for this address or from this network. Nothing was sent. Wait 15 minutes and ask again; a link you already received still works.',
    inboxTitle: 'Check your inbox',
    inbox: (email: string, program: string) =>
      `If ${email} is an admin of ${program}, a sign-in link is on its way. It works once, for 15 minutes; asking again replaces it.`,
    linkInvalidTitle: 'Link not valid',
    linkExpired: 'This sign-in link is expired.',
    linkNotValid: 'This sign-in link is not valid.',
    linkSpent: 'This sign-in link is not valid any more: it was used, or a newer link was asked for.',
    askAgain: 'Ask for a new one',
    signInAs: ['Sign in as ', '?'] as [string, string],
    linksOffTitle: 'Sign-in links are off',
    linksOff: (program: string, provider: string) =>
      `${program} signs admins in with ${provider} only; emailed links are off, and nothing was sent or changed.`,
    provider: 'its OpenID provider',
  },
  roles: {
    title: 'Not for your role',
    names: { admin: 'admin', approver: 'approver', analyst: 'analyst' } satisfies Record<AdminRole, string>,
    reach: {
      admin: 'everything',
      approver: 'the items (and decides those of their sources and topics), the leaderboards and the analytics',
      analyst: 'the analytics and the leaderboards',
    } satisfies Record<AdminRole, string>,
    refused: (program: string, role: string, reach: string) =>
      `Your role in ${program} is ${role}: it opens ${reach}. This page is for the programme's admins; nothing was changed. Ask an admin if you need it.`,
  },
  language: {
    unknown: 'The console speaks Suomi, Svenska and English; the form asked for another language, and nothing was changed.',
  },
  time: {
    /** "just now" under a minute; Intl.RelativeTimeFormat says the rest. */
    justNow: 'just now',
  },
  items: {
    states: {
      pending: 'Waiting for approval',
      approved: 'Approved',
      rejected: 'Rejected',
      expired: 'Expired',
    } satisfies Record<ItemState, string>,
    stateTags: { pending: 'waiting for approval', approved: 'approved', rejected: 'rejected', expired: 'expired' } satisfies Record<ItemState, string>,
    sorts: { found: 'Newest found', oldest: 'Oldest found', published: 'Newest published', decided: 'Newest decided', title: 'Title A–Z' },
    byState: 'Items by state',
    searchLabel: 'Title, summary or address',
    noun: 'items',
    noMatch: (state: string, search: string) => `No ${state.toLowerCase()} item matches “${search}”.`,
    none: {
      pending: 'No items are waiting for approval yet.',
      approved: 'No items are approved yet.',
      rejected: 'No items are rejected yet.',
      expired: 'No items are expired yet.',
    } satisfies Record<ItemState, string>,
    sources: (count: number) => `Sources (${count})`,
    noSources: ['No sources are configured. Add some under ', ' in kaiku.yaml.'] as [string, string],
    sourceColumns: { source: 'Source', health: 'Health', address: 'Address', lastNew: 'Last new items' },
    health: { pending: 'not polled yet', healthy: 'healthy', unhealthy: 'unhealthy' } satisfies Record<SourceHealth, string>,
    every: (duration: string) => ` · every ${duration}`,
    removedFromConfig: ' · removed from config',
    failedPolls: (count: number) => `${count} failed polls in a row`,
    retracted: 'retracted',
    pinned: 'pinned',
    onlyFor: (branches: string) => `only for ${branches}`,
    found: (ago: string) => `found ${ago}`,
    published: (ago: string) => `published ${ago}`,
    finalCaptions: 'Final captions',
    captions: 'Captions',
    scheduleLink: 'Schedule, pin or retract',
    waiting: (names: string) => `Waiting for ${names} to decide.`,
    decide: 'Decide',
    via: { email: 'by email reply', link: 'by email link', admin: 'on the admin page', slack: 'in Slack', teams: 'in Teams', system: '' } as Record<
      string,
      string
    >,
    trail: {
      requested: (who: string) => `approval asked of ${who} by email`,
      reminded: (who: string) => `reminder sent to ${who}`,
      escalated: (who: string) => `asked backup approver ${who}`,
      approved: (who: string, via: string, edited: boolean) => `approved by ${who} ${via}${edited ? ', with edited captions' : ''}`,
      rejected: (who: string, via: string, reason: string | undefined) => `rejected by ${who} ${via}${reason ? `: "${reason}"` : ''}`,
      refused: (who: string, via: string, refusal: string) => `${who} tried ${via}; refused: ${refusal}`,
      expired: 'expired without a decision',
      confirmed: (who: string) => `confirmation sent to ${who}`,
      retracted: (who: string) => `retracted by ${who} on the admin page`,
    },
    notFoundTitle: 'Not found',
    notFound: (id: string) => `There is no item with the id “${id}”.`,
    backToItems: 'Back to the items',
    badPageTitle: 'Page link not valid',
    badPage: 'This page link is not one kaiku made (it may have been cut short). Nothing was changed.',
    firstPage: 'Go to the first page',
  },
  decision: {
    captions: 'Captions (edit before approving if you like)',
    atMost: (limit: number) => `(at most ${limit})`,
    approve: 'Approve',
    reason: 'Reason (optional, kept in the decision trail)',
    reject: 'Reject',
  },
  item: {
    done: {
      scheduled: 'Saved: digests carry it only inside its schedule.',
      pinned: 'Pinned: it goes first in the next digest run, for everyone it fits who has not had it.',
      unpinned: 'Unpinned: it takes its usual place in the digests.',
      retracted: 'Retracted: no later digest carries it, and its share page now says it was withdrawn.',
      restored: 'Restored: later digests may carry it again, and its share page opens again.',
      composed: 'Sent for approval: it waits for its approvers like any item, then goes out in the digests.',
    } as Record<string, string>,
    sendNow: 'Send now…',
    othersMayChange: (names: string) => `Its approvers (${names}) may schedule, pin or retract it.`,
    retractedTitle: 'Retracted',
    retractedText: 'No digest carries it now. Retracted by mistake? Restoring lets later digests carry it and opens its share page again.',
    restore: 'Restore to the digests',
    noCaptions: 'No captions yet: they are written when the approval is asked.',
    captionsNote: (language: string, edited: boolean, final: boolean) =>
      `In ${language}${edited ? ', edited by the approver' : ''}.${final ? ' What every digest and share page carries, each advocate’s own tracked link in place of the item’s address.' : ''}`,
    network: 'Network',
    caption: 'Caption',
    decisionTrail: 'Decision trail',
    nothingYet: 'Nothing yet.',
    decided: (state: ItemState, who: string, via: string) =>
      state === 'expired' ? 'Expired' : `${state === 'approved' ? 'Approved' : 'Rejected'} by ${who} ${via}`,
    sharedUntil: ['; shared until ', ''] as [string, string],
    whereItWent: 'Where it went',
    notInDigest: 'It has not been in a digest yet.',
    reach: (count: number) => ['In the digests of ', ` advocate${count === 1 ? '' : 's'}.`] as [string, string],
    reachFigures: (opened: number, shares: number, clicks: number) => `Share pages opened: ${opened}; shares: ${shares}; unique clicks: ${clicks}.`,
    digestRun: 'Digest run',
    digests: 'Digests',
    byNetwork: 'By network',
    byWeek: 'By week',
    weekOf: 'Week of',
    opened: 'Share pages opened',
    shares: 'Shares',
    clicks: 'Clicks',
    unknownNetwork: '(unknown)',
  },
  schedule: {
    retracted: (who: string) =>
      [`Retracted by ${who} `, ': no later digest, nudge or top-posts card carries it, and its share page says it was withdrawn.'] as [string, string],
    notBefore: 'not before ',
    notAfter: 'not after ',
    pinned: 'Pinned',
    pinnedBy: (who: string) => ` to the top of the next digest run by ${who} `,
    window: (timeZone: string) => ['In digests ', ' and ', ` (${timeZone} time).`] as [string, string, string],
    always: 'In the digests from its approval until it expires.',
    title: 'Schedule, pin or retract',
    hint: (timeZone: string) => `On the programme’s clock (${timeZone}), as 2026-12-24 09:00 or 24.12.2026 9.00. Leave a field empty for no limit.`,
    notBeforeLabel: 'Not before',
    notAfterLabel: 'Not after',
    save: 'Save the schedule',
    unpin: 'Unpin',
    pin: 'Pin to the top of the next digest',
    retract: 'Retract from every later digest',
  },
  digests: {
    title: 'Digests',
    noRun: (day: string, time: string) =>
      [`No digest run is sending now. The hourly Schedule sends each advocate theirs at their own ${day} ${time}; `, " sends this week's now."] as [
        string,
        string,
      ],
    lastRuns: 'Last runs',
    noneYet: 'No digest has been sent yet.',
    noQuiet: ['No quiet periods: digests and nudges go all year (', ').'] as [string, string],
    quietNow: 'Quiet period now',
    quietNowRest: (first: string, last: string, next: string) => `, ${first} to ${last}: digests and nudges wait until ${next}.`,
    quietNext: (first: string, last: string) => `Next quiet period ${first} to ${last}: digests and nudges wait through it.`,
    noCap: 'No weekly cap.',
    cap: (count: number) => `At most ${count} mails per advocate in any 7 days (digests, nudges, welcome mails).`,
    lastRun: (id: string) => `Last run (${id}):`,
    nobodyHeld: 'nobody held.',
    held: 'held ',
    figures: {
      planned: 'Planned',
      sent: 'Sent',
      deferred: 'Deferred (4xx)',
      failed: 'Refused (5xx)',
      empty: 'Nothing relevant',
      open: 'Still to send',
    },
    run: (id: string) => `Run ${id}`,
    started: (by: string, ago: string, batches: number, size: number) => `${by}, started ${ago}; ${batches} batches of up to ${size}.`,
    theSchedule: 'the Schedule',
    refresh: 'Refresh',
    columns: {
      batch: 'Batch',
      worker: 'Worker',
      deferred: 'Deferred',
      refused: 'Refused',
      run: 'Run',
      started: 'Started',
      by: 'By',
      held: 'Held',
      batches: 'Batches',
      took: 'Took',
    },
    lastRound: 'last round',
    attempts: (count: number) => `${count} attempts`,
    waiting: (count: number) => `${count} waiting`,
    states: { done: 'done', sending: 'sending', waiting: 'waiting', interrupted: 'interrupted' },
    bySchedule: 'Schedule',
  },
  thisWeek: {
    title: 'This week',
    nextRun: ['The next digest run is ', '. It will mail ', ' of ', ' advocates.'] as [string, string, string, string],
    zones: (day: string, time: string) => `Each advocate gets theirs at ${day} ${time} on their own clock: `,
    counted: 'Counted now, with the items approved and scheduled now; nothing here is sent or recorded.',
    items: 'Items',
    noItems: 'No item goes out in this run.',
    itemsCaption: 'Which items go to how many advocates',
    item: 'Item',
    advocates: 'Advocates',
    language: 'Language',
    branch: 'Branch',
    topic: 'Topic',
    byLanguage: 'By language',
    byBranch: 'By branch',
    byTopic: 'By topic',
    getDigest: 'Get a digest',
    itemsOffered: 'Items offered',
    noBranch: 'no branch',
    noTopics: 'no topics chosen (takes all)',
    nothingTitle: 'Who gets nothing, and why',
    everyone: 'Everyone on the roster gets a digest.',
    more: [' and ', ' more'] as [string, string],
    previewTitle: 'Preview an advocate’s digest',
    nameOrEmail: 'Name or email',
    find: 'Find',
    noMatch: (query: string) => `No advocate’s name or email contains “${query}”.`,
    itemCount: (count: number) => `${count} items`,
    andMore: (count: number) => `and ${count} more: write more of the name`,
    noSuchAdvocate: 'There is no such advocate on the roster. Find one by name above.',
    getsNothing: (reason: string) => ` gets no digest in this run: ${reason}.`,
    gets: (count: number) => ` gets ${count} items: `,
    reasons: {
      unsubscribed: 'unsubscribed',
      bounced: 'their address bounced: mail paused',
      paused: 'mail paused (by an admin, or their directory account is off)',
      snoozed: 'snoozed their digest until a later date',
      'not due': 'not due this run (every other week)',
      'already had it': 'already had this period’s digest',
      'quiet period': 'held: a quiet period',
      'weekly cap': 'held: weekly cap reached',
      'nothing matches': 'no new item matches their topics, branch or language',
    } satisfies Record<NoDigestReason, string>,
  },
  advocates: {
    title: 'Advocates',
    heading: (shown: string) => `Advocates (${shown})`,
    ofTotal: (count: number, total: number) => `${count} of ${total}`,
    add: 'Add an advocate',
    upload: 'Upload a roster CSV',
    export: 'Export the roster as CSV',
    erasures: (count: number) => `Erasure requests (${count})`,
    erasuresText: 'These advocates asked on their privacy page for their data to be erased (privacy.erasure: admin-confirms).',
    asked: (ago: string) => `asked ${ago}`,
    confirmErasure: (name: string) => `Confirm erasure of ${name}`,
    searchLabel: 'Name or address',
    sorts: { name: 'Name A–Z', email: 'Address A–Z', newest: 'Newest', 'last-digest': 'Latest digest' },
    branch: 'Branch',
    topic: 'Topic',
    all: 'all',
    noun: 'advocates',
    noMatch: 'No advocates match.',
    none: ['No advocates yet: add one, upload a roster CSV, or run ', '.'] as [string, string],
    columns: {
      name: 'Name',
      branch: 'Branch',
      topics: 'Topics',
      networks: 'Networks',
      languageZone: 'Language · zone',
      mail: 'Mail',
      lastDigest: 'Last digest',
    },
    bounces: (count: number) => ` (${count} bounces)`,
    pausedUntil: (date: string) => `paused until ${date}`,
    never: 'never',
    preview: 'Preview digest',
    notFound: 'There is no such advocate.',
    back: 'Back to the advocates',
    nextDigestOf: (name: string) => `Next digest of ${name}`,
    previewLine: (count: number) => ` · ${count} items · not sent`,
    noFit: (name: string) => `No approved item fits ${name} now: they would get no email.`,
  },
  advocateForm: {
    notFoundTitle: 'No such advocate',
    addTitle: 'Add an advocate',
    addFailed: 'Nothing was added: correct the fields marked below and send the form again.',
    addSubmit: 'Add the advocate',
    onRoster: (email: string, name: string | undefined) => `${email} is on the roster already${name ? ` (${name})` : ''}; edit them on their page instead`,
    labels: {
      email: 'Email address',
      name: 'Name',
      language: 'Language of their digest',
      timeZone: 'Time zone',
      branch: 'Branch',
      topics: 'Topics (separated by commas; none means all)',
      networks: 'Networks',
    },
    /** Fields named in a sentence: the directory's note, a missing CSV cell. */
    fieldNames: {
      email: 'email address',
      name: 'name',
      language: 'language',
      timeZone: 'time zone',
      branch: 'branch',
      topics: 'topics',
      networks: 'networks',
      mastodonInstance: 'Mastodon instance',
    } satisfies Record<keyof AdvocateInput, string>,
    directory: (fields: string) =>
      `Your organisation’s directory (SCIM) provisions this advocate: their ${fields} are changed there, and kaiku keeps what the directory says.`,
    /** A field's problem (`field` its name in fieldNames); in English the roster schema's own words, as `kaiku advocates import` prints them. */
    problem: (problem: AdvocateProblem, _field: string) => problem.english,
    states: {
      active: 'active',
      paused: 'paused',
      bouncing: 'bouncing',
      unsubscribed: 'unsubscribed',
      removed: 'removed',
      erased: 'erased',
    } satisfies Record<AdvocateState, string>,
    /** The notice after a change (`?done=`). */
    done: {
      added: 'Added. They get their first digest at the next run that has items for them.',
      edited: 'Saved.',
      paused: 'Paused: kaiku sends them nothing until you resume them.',
      resumed: 'Resumed: they get digests again.',
      removed: 'Removed: kaiku sends them nothing more. Their shares and points stay in the programme’s totals.',
      declined: 'Declined: their data stays, and their privacy page shows them your reason.',
      erased: 'Erased: their personal data is gone for good. Their shares and points stay in the totals, under no name.',
    } as Record<string, string>,
    back: '← Advocates',
    editFailed: 'Nothing was saved: correct the fields marked below and save again.',
    /** Around the <time> they were added, and removed. */
    since: ['on the roster since ', ''] as [string, string],
    removedAt: ['removed ', ''] as [string, string],
    details: 'Details',
    save: 'Save',
    mail: 'Mail',
    pause: 'Pause',
    resume: 'Resume',
    previewNext: 'Preview their next digest',
    remove: 'Remove from the programme',
    erasedText: 'Their personal data was erased.',
    removedText: 'Removed from the programme: kaiku sends them nothing.',
    allTopics: 'all topics',
    noNetworks: 'no networks',
    data: 'Their data (GDPR)',
    exportData: 'Export their data as JSON',
    erase: 'Erase…',
    /** The digest preview's frame, as a screen reader names it, and the link under it. */
    digestFrame: { title: 'digest', open: 'Open the digest at full size' },
    goneTitle: 'Not changed',
    gone: (erased: boolean) => `Nothing was changed: this advocate was ${erased ? 'erased' : 'removed from the programme'}.`,
    backToPage: 'Back to their page',
    eraseTitle: (name: string) => `Erase ${name}?`,
    /** Around their name, in <strong>. */
    eraseWhat: (email: string) =>
      [
        'kaiku removes ',
        ` (${email}) for good: their name, address and settings, mail to and from them, and what their links recorded about visitors. Their shares and points stay in the programme’s totals under no name.`,
      ] as [string, string],
    cannotUndo: 'This cannot be undone.',
    exportFirst: ' If they may want their data, export it first.',
    eraseForGood: 'Erase for good',
    cancel: 'Cancel',
    declineHeading: 'Or decline their request',
    /** Around the <time> they asked. */
    declineText: [
      'They asked on ',
      '. Decline only where the law lets the organisation keep the data (GDPR art. 17(3)); they see your reason on their privacy page and may ask again.',
    ] as [string, string],
    reasonLabel: 'Reason they are shown',
    declineSubmit: 'Decline the request',
    noReason: 'give the reason they will read: the law that keeps their data',
    longReason: (max: string) => `a reason has at most ${max} characters`,
    nothingOpen: 'they have no open request to decline (decided meanwhile?); nothing was changed',
  },
  rosterImport: {
    title: 'Upload a roster',
    heading: 'Upload a roster CSV',
    fileLabel: 'Roster file (CSV: a header row, then email,name,language,time_zone,branch,topics,networks)',
    checkFirst: 'kaiku checks the file first and shows what it would do; nothing is imported until you confirm.',
    check: 'Check the file',
    empty: 'Choose a roster file (CSV) first; the one sent was empty. Nothing was imported.',
    theFile: 'the file',
    checked: (name: string) => `Checked ${name}: nothing imported yet`,
    /** Around the rows to import and the rows refused, each in <strong>. */
    wouldImport: (_rows: number, _refused: number) => ['', ' rows would be imported (added, or updated by address); ', ' refused.'] as [string, string, string],
    refusedRows: 'Refused rows',
    importButton: (_count: number, shown: string) => `Import ${shown} advocates`,
    correct: 'Correct the file and check it again.',
    imported: (rows: string, inserted: string, updated: string, refused: string) =>
      `Imported ${rows}: ${inserted} new, ${updated} updated; ${refused} refused.`,
    /** A refused row, as `kaiku advocates import` prints it (refusalText): `line 3 (a@b.fi): reason`. */
    refusal: (line: number, email: string | undefined, reason: string) => `line ${line}${email ? ` (${email})` : ''}: ${reason}`,
    /** Why the file or a row was refused (a row's fields: advocateForm.problem); `english` is the parser's own words. */
    reason: (_cause: Exclude<RosterRefusalCause, { kind: 'fields' }>, english: string) => english,
  },
  sessions: {
    title: 'Sessions',
    heading: (count: number) => `Signed-in sessions (${count})`,
    text: 'Every browser signed in to this admin page. Ending a session signs that browser out at once.',
    columns: { admin: 'Admin', signedIn: 'Signed in', lastSeen: 'Last seen', browser: 'Browser' },
    thisBrowser: '(this browser)',
    end: 'End session',
  },
  sources: {
    title: 'Sources',
    heading: (count: number) => `Sources (${count})`,
    add: 'Add a source',
    none: ['No sources yet: add one here, or under ', ' in kaiku.yaml.'] as [string, string],
    columns: { name: 'Name', kind: 'Kind', url: 'URL', health: 'Health', lastNew: 'Last new items', items: 'Items', setIn: 'Set in', state: 'State' },
    setInConfig: 'set in kaiku.yaml',
    setInConsole: 'the console',
    states: { active: 'active', paused: 'paused', removed: 'removed', 'gone from kaiku.yaml': 'gone from kaiku.yaml' } as Record<string, string>,
  },
  source: {
    notFoundTitle: 'No such source',
    /** Around the link back to the sources. */
    notFound: ['There is no such source. ', 'Back to the sources', '.'] as [string, string, string],
    back: '← Sources',
    /** What the page says after a change (`?done=`). */
    done: {
      added: 'Added. kaiku polls it now and then at its interval; its items wait for approval as any other.',
      edited: 'Saved. The next poll reads it as it is now.',
      paused: 'Paused: kaiku does not poll it until you resume it. Its items stay.',
      resumed: 'Resumed: kaiku polls it now and then at its interval.',
      removed: 'Removed: kaiku polls it no more. Its items stay, and still name it.',
      polled: 'Polling now: new items appear here and on the items page in a moment.',
    } as Record<string, string>,
    /** Beside the notice when the change was stored but its poll Schedule has not followed yet. */
    schedulesBehind:
      'Temporal, which polls the sources, did not answer just after the change was saved: the change is kept, and kaiku brings the source’s polling in line as soon as Temporal answers (it tries every 15 seconds).',
    temporalDown: 'kaiku cannot reach Temporal, which polls the sources, for a moment; nothing was changed; try again in a minute.',
    pollNotNow: 'kaiku cannot reach Temporal, which polls the sources, for a moment; nothing was polled; try again in a minute.',
    pollUnknown: 'kaiku did not hear back in time; what you sent may still go through. Look again in a minute before you try again.',
    failed: 'Nothing was saved: correct the fields marked below and save again.',
    setInConfig: 'set in kaiku.yaml',
    addedInConsole: 'added in the console',
    items: (count: number, shown: string) => `${shown} ${count === 1 ? 'item' : 'items'}`,
    lastNew: (ago: string) => `last new items ${ago}`,
    /** Before the <time> it was removed. */
    removed: 'removed ',
    /** A poll's stored error and warning, in English as stored. */
    lastError: (english: string) => english,
    lastWarning: (english: string) => english,
    settings: 'Settings',
    polling: 'Polling',
    pollNow: 'Poll now',
    pause: 'Pause',
    resume: 'Resume',
    remove: 'Remove (its items stay)',
    save: 'Save',
    /** The first part in <strong>. */
    readOnlyConfig: ['Set in kaiku.yaml', ': change it there (read-only in the console).'] as [string, string],
    readOnlyRemoved: 'Removed from the programme: kaiku polls it no more; its items stay.',
    terms: {
      kind: 'Kind',
      url: 'URL',
      topics: 'Topics',
      language: 'Language',
      pollEvery: 'Poll every',
      approvers: 'Approvers',
      contentType: 'Content type',
      priority: 'Priority',
      enabled: 'Enabled',
    },
    everyAdmin: 'every admin',
    enabled: (enabled: boolean): string => (enabled ? 'yes' : 'no (enabled: false)'),
    notChangedTitle: 'Not changed',
    notChanged: (why: 'config' | 'paused' | 'gone') =>
      `Nothing was changed: ${why === 'config' ? 'this source is set in kaiku.yaml; change it there.' : `this source is ${why === 'paused' ? 'paused' : 'no longer polled'}.`}`,
    backToIt: 'Back to its page',
  },
  sourceForm: {
    title: 'Add a source',
    notAdded: 'Nothing was added: correct the fields marked below and send the form again.',
    test: 'Test this feed',
    add: 'Add the source',
    idHint: 'Lowercase letters, digits and dashes, such as city-news: it names the source for good.',
    labels: {
      id: 'Id',
      name: 'Name (shown to approvers; the id when empty)',
      kind: 'Kind',
      url: 'URL of the feed or page',
      topics: 'Topics (separated by commas)',
      language: 'Language of its items (such as fi; empty: the feed says, or the programme’s)',
      pollEvery: 'Poll every (such as 15 minutes or 2 hours)',
      approvers: 'Approvers (admins’ addresses, separated by commas; none: every admin)',
      contentType: 'Content type (such as news, blog, video or jobs; empty: the kind)',
      priority: 'Priority (0 to 10; 5 when empty)',
      options: 'Options of the kind, in YAML (the feed kind has none)',
    },
    /** A field's refusal; `english` is the config schema's own words, as `kaiku check` prints them. */
    refused: (_refusal: SourceRefusal, english: string) => english,
    testHeading: (url: string) => `Test of ${url}`,
    created: (count: number, shown: string, warning: string | undefined) =>
      `kaiku would create ${shown} ${count === 1 ? 'item' : 'items'} from it${warning ? ` (${warning})` : ''}. Nothing was stored.`,
    /** The test's warnings: entries it would skip, and the kind's own (English) warnings; `english` all of them in English. */
    warning: (_skipped: number, _total: number, _warnings: readonly string[], english: string | undefined) => english,
    wouldRefuse: (reason: string) => `kaiku would refuse this source: ${reason}. Nothing was stored.`,
    /** Why the test would refuse the source; `english` is the poll's own words for it. */
    previewRefused: (_refusal: PreviewRefusal, english: string) => english,
  },
  audit: {
    title: 'Changes',
    none: 'No change made in the console yet.',
    // English shows the trail as it is recorded; the other languages say its words in theirs (the values stay data).
    actions: {} as Record<string, string>,
    fields: {} as Record<string, string>,
    values: {} as Record<string, string>,
    /** A caption template changed or reset, by its network and the language's name; null: as recorded. */
    template: null as ((network: string, language: string, reset: boolean) => string) | null,
  },
  captions: {
    title: 'Captions',
    templatesSaved: 'The templates are saved: items proposed from now on read them.',
    notSaved: 'Not saved: fix the fields marked below. Nothing was changed.',
    howHeading: 'How a template reads',
    /** Around <code>{title}</code>, <code>{summary}</code>, <code>{link}</code> and <code>{hashtags}</code>. */
    howPlaceholders: [
      'Write the caption’s words with placeholders in braces: ',
      ' (the item’s title), ',
      ' (its summary), ',
      ' (the link advocates share; every template needs it) and ',
      ' (the programme’s hashtags). Any other word in braces is refused. A placeholder with nothing in it leaves no blank line behind. When a caption would be too long, kaiku shortens the summary first, then the title.',
    ] as [string, string, string, string, string],
    /** Before kaiku's default template, in <code>. */
    howVariants:
      'Write two or three variants and each advocate gets one of them, the same in their digest and on the share page, so colleagues do not all post the same words. An approver who edits a caption replaces every variant. With no template, kaiku’s default reads ',
    overview: 'Templates by network and language',
    network: 'Network',
    templates: (count: number) => (count === 0 ? 'Default' : count === 1 ? 'Template' : `${count} variants`),
    editorHeading: (network: string, language: string) => `${network} in ${language}`,
    limitHint: (network: string, limit: number, unit: string) =>
      `${network} allows ${limit} ${unit}. The counter shows each template without the title and summary (the link counted as it will be posted); kaiku fits the title and summary into the rest. Leave every field empty for kaiku’s default.`,
    /** How the network counts: `english` is the rule's own words (rules/captions/caption-limits.ts). */
    unit: (_network: Network, english: string) => english,
    variant: (number: number, optional: boolean) => `Variant ${number}${optional ? ' (optional)' : ''}`,
    length: 'Length:',
    /** The live counter's words: {length}, {limit} and {over} are its figures. */
    counter: { of: '{length} of {limit}', over: '{length} of {limit}, over by {over}' },
    preview: 'Preview',
    save: 'Save templates',
    previewHeading: 'Preview',
    noPreviewItem: 'No item yet: the preview shows the newest item once a source has brought one.',
    /** Before the newest item's link; `other` when it is not in the language being written. */
    newestItem: (other?: { wanted: string; found: string }) =>
      `For the newest item${other ? ` (no item in ${other.wanted} yet; this one is ${other.found})` : ''}:`,
    defaultShown: ' — kaiku’s default, as no template is written',
    notPreviewed: (number: number) => `Variant ${number}: no preview until the template is fixed.`,
    previewOf: (number: number, counter: string) => `Variant ${number} · ${counter}`,
    refused: (_refusal: TemplateFormRefusal, english: string) => english,
    hashtags: {
      heading: 'Programme hashtags',
      setInYaml: 'set in kaiku.yaml',
      readOnly: 'Change them in kaiku.yaml (program.hashtags); they are read-only here.',
      label: 'Hashtags, separated by spaces',
      hint: 'kaiku.yaml sets none, so these are the programme’s: {hashtags} in a template, and the end of kaiku’s default.',
      save: 'Save hashtags',
      saved: 'The hashtags are saved.',
      inYaml: 'The hashtags are set in kaiku.yaml (program.hashtags): change them there. Nothing was changed.',
      /** `english` is the config schema's own words, as `kaiku check` prints them. */
      refused: (_refusal: HashtagRefusal, english: string) => `${english}. Nothing was changed.`,
    },
  },
  leaderboards: {
    title: 'Leaderboards',
    heading: (branch: string | undefined) => `Leaderboards · ${branch ?? 'whole programme'}`,
    branch: 'Branch',
    wholeProgramme: 'Whole programme',
    show: 'Show',
    namesNote: 'Names appear only for advocates who chose so on their preferences page; the others as “an advocate from” their branch.',
    windows: { week: 'This week', month: 'This month', all: 'All time' },
    rewards: 'Rewards',
    /** Around <code>kaiku rewards close --month YYYY-MM</code>. */
    noMonth: ['No month closed yet. The 1st of each month closes the month before; or run ', '.'] as [string, string],
    /** A closed month's heading, from its YYYY-MM. */
    month: (month: string) => month,
    noWinners: 'No winners: nobody earned points that month.',
    columns: { winner: 'Winner', branch: 'Branch', points: 'Points' },
    drawn: 'drawn',
    noPoints: 'No points yet.',
    anonymous: (branch: string | null) => `An advocate from ${branch ?? 'the programme'}`,
    points: (_points: number, shown: string) => `· ${shown} pts`,
  },
  analytics: {
    title: 'Analytics',
    heading: (weeks: number) => `Analytics · last ${weeks} weeks`,
    behind: (count: string) => `${count} share and click events are not counted here yet: the points tally counts them within a minute or so.`,
    kpis: {
      shares: 'Shares',
      clicks: 'Clicks',
      opened: 'Share pages opened',
      earnedMedia: 'Earned media',
      openToShare: 'Open-to-share',
      approved: 'Items approved',
    },
    percent: (value: string) => `${value} %`,
    nothingYet: 'Nothing yet.',
    table: 'Table',
    /** A local date (YYYY-MM-DD) as the tables show it. */
    date: (date: string) => date,
    /** The tables' titles, notes and columns (server/analytics-report.ts); the CSV downloads keep the English ones. */
    report: {
      since: (from: string) => `Since Monday ${from}.`,
      weekOf: 'Week of',
      opened: 'Share pages opened',
      shares: 'Shares',
      clicks: 'Clicks',
      unknown: '(unknown)',
      weekly: {
        title: 'Shares and clicks per week',
        note: 'Weeks start on Monday. Share pages opened: an advocate (or a mail scanner) opened a share button’s page. Shares: the advocate went on to the network. Clicks: unique human visitors on advocates’ tracked links.',
      },
      'by-source': { title: 'By source', label: 'Source' },
      'by-content-type': { title: 'By content type', label: 'Content type', note: 'A source’s contentType in the config (its kind when it names none).' },
      'by-branch': { title: 'By branch', label: 'Branch' },
      'by-network': {
        title: 'By network',
        label: 'Network',
        note: 'Clicks are placed by the page that sent the visitor, where it says (“(unknown)” otherwise).',
      },
      'approval-times': {
        title: 'Approval times',
        note: 'Items decided by a person (approved or rejected), of them approved, and the hours from the approval request to the decision.',
        decided: 'Decided',
        approved: 'Approved',
        median: 'Median hours',
        p90: '90th percentile hours',
      },
      'digest-funnel': {
        title: 'Digest open-to-share rate',
        note: 'Opened: the digest’s images were loaded (some mail apps load them for privacy, some never do), or one of its items was shared from it. Shared: an item of that digest was shared.',
        sent: 'Sent',
        opened: 'Opened',
        shared: 'Shared',
        rate: 'Open-to-share %',
      },
      hashtags: {
        title: (count: number) => `The programme’s hashtag${count === 1 ? '' : 's'} in approved captions`,
        note: (tags: readonly string[]) => `Approved items whose captions carry ${tags.join(', ')}.`,
        none: 'The programme names no hashtags yet: write them on the Captions page.',
        approved: 'Approved',
        withHashtag: 'With a hashtag %',
      },
      'earned-media': {
        title: 'Earned media value',
        note: (costPerClick: number, currency: string) =>
          `Unique human clicks × ${costPerClick.toFixed(2)} ${currency}, what a paid click would have cost (analytics.costPerClick).`,
        value: (currency: string) => `Value (${currency})`,
      },
    },
  },
  compose: {
    title: 'Compose a post',
    failed: 'Nothing was saved: see what is wrong below.',
    intro: 'An announcement, job ad or event that comes from no feed. It waits for approval like any item, then goes out in the digests.',
    authorMayApprove: 'You may approve it yourself on its page, as may the programme’s other admins.',
    othersDecide: 'The programme’s other admins decide it: your own approval does not suffice (approval.authorMayApprove).',
    submit: 'Send for approval',
    labels: {
      title: 'Title',
      url: 'Link (what advocates share: the announcement, job ad or event page)',
      summary: 'Text (shown under the title in the digest)',
      imageUrl: 'Image address (optional)',
      topics: 'Topics (separated by commas; advocates following them get it first)',
      branches: 'Only for branches (separated by commas; empty: everyone it fits)',
      language: 'Language',
      caption: 'Caption advocates post (optional: kaiku proposes one per network; the link and the programme hashtag are added if missing)',
    },
    errors: {
      noTitle: 'give the post a title: it heads the post in every digest',
      longTitle: (max: number, length: number) => `a title has at most ${max} characters; this one has ${length}`,
      badLink: 'the link must be an http:// or https:// address, such as https://www.vantaa.fi/uutiset/…',
      /** The link passed the address check but kaiku cannot use it; `reason` is the shared URL rule's (English) message. */
      unusableLink: (reason: string) => reason,
      longText: (max: number, length: number) => `the text has at most ${max} characters (the digest shows it under the title); this one has ${length}`,
      badImage: 'the image must be an http:// or https:// address of a picture',
      language: (languages: string) => `choose one of the programme's languages: ${languages}`,
      longTopic: 'a topic is a short word, such as jobs or culture',
      noBranches: 'no advocate has a branch yet: leave this empty, and the post reaches everyone it fits',
      unknownBranches: (unknown: readonly string[], known: readonly string[]) =>
        `no advocate is in ${unknown.map((name) => `“${name}”`).join(', ')}: the branches are ${known.join(', ')}`,
      known: (title: string, state: ItemState) => `kaiku has this link already, as “${title}” (${state}): open it from the items list`,
      taken: 'another admin stored this link a moment ago: open it from the items list',
    },
    temporalDown: 'kaiku cannot reach Temporal, which runs approvals, for a moment; nothing was saved; try again in a minute.',
    /** After "Sent for approval": the networks whose limit the author's caption exceeds kept kaiku's proposal. */
    proposed: (networks: string, count: number) =>
      ` ${networks} got kaiku's shorter proposal, as your caption is longer than ${count === 1 ? 'it allows' : 'they allow'}; edit it when deciding.`,
  },
  urgent: {
    title: (item: string) => `Send now: ${item}`,
    intro: (slack: boolean, cap: string) =>
      `A short “new post to share” email to the advocates you choose, in each one’s language, with their caption and share buttons${slack ? ', and one message in the programme’s Slack channel' : ''}. The cap: ${cap}. Quiet periods do not hold an urgent mail.`,
    cap: (count: number, per: string) => `at most ${count} urgent mail${count === 1 ? '' : 's'} per advocate in ${per} (mail.urgentCap)`,
    noCap: 'no cap (mail.urgentCap: null)',
    reasons: {
      removed: 'removed from the programme',
      unsubscribed: 'unsubscribed',
      paused: 'paused their mail',
      bouncing: 'their address bounces',
      'cap reached': 'had their urgent mail already',
    } satisfies Record<LeftOutReason, string>,
    notApproved: (state: ItemState | 'retracted') =>
      `Only an approved item can be sent now; this one is ${state === 'pending' ? 'waiting for approval' : state}. Nothing was sent.`,
    whom: 'Whom to send it to',
    all: 'All advocates',
    groups: { branches: 'These branches', topics: 'Those following these topics', languages: 'These languages' } satisfies Record<SegmentKind, string>,
    noneHasOne: ' (no advocate has one)',
    count: 'Count',
    countHeading: (segment: string) => `Count: ${segment}`,
    reach: (count: number) => ['It will reach ', ` advocate${count === 1 ? '' : 's'}.`] as [string, string],
    sendTo: (count: string) => `Send now to ${count}`,
    nobody: 'Nobody to send it to: choose another segment.',
    noneLeftOut: 'Nobody in it is left out.',
    leftOut: (total: string) => `${total} left out:`,
    sentSoFar: 'Sent so far',
    notSent: 'Not sent urgently yet.',
    columns: { when: 'When', by: 'By', to: 'To', mailed: 'Mailed', slack: 'Slack' },
    planning: 'planning…',
    mailed: (sent: number, planned: number, failed: number, sending: boolean) =>
      `${sent} of ${planned}${failed > 0 ? ` · ${failed} refused by ${failed === 1 ? 'its' : 'their'} mail server` : ''}${sending ? ' (sending)' : ''}`,
    posted: 'posted',
    done: (segment: string) => `Sending now to ${segment}: the mails are on their way.`,
    noSend: 'The form carries no send of kaiku’s: press Count again. Nothing was sent.',
    nothingSent: ' Nothing was sent.',
    otherItem: 'That send belongs to another item: press Count again. Nothing was sent.',
    unreachable: 'Nobody in that segment can be reached now. Nothing was sent.',
    /** The segment in words on the page ("branch Library", "all advocates"); the trail keeps describeSegment's English. */
    segment: (kind: UrgentSegment['kind'], values: readonly string[]) => {
      if (kind === 'all') return 'all advocates';
      const [one, many] = kind === 'branches' ? ['branch', 'branches'] : kind === 'topics' ? ['topic', 'topics'] : ['language', 'languages'];
      return `${values.length === 1 ? one : many} ${values.join(', ')}`;
    },
    refusals: {
      noKind: 'Choose whom to send it to: all advocates, or some branches, topics or languages.',
      noneTicked: (kind: SegmentKind) => `Tick at least one ${{ branches: 'branch', topics: 'topic', languages: 'language' }[kind]}, or choose all advocates.`,
      unknown: (kind: SegmentKind, values: readonly string[]) =>
        `No advocate on the roster has the ${{ branches: 'branch', topics: 'topic', languages: 'language' }[kind]}${values.length === 1 ? '' : 's'} “${values.join('”, “')}”: tick one from the list.`,
    } satisfies SegmentRefusals,
    languageNames: { fi: 'Finnish', sv: 'Swedish', da: 'Danish', en: 'English' } as Record<string, string>,
  },
  people: {
    title: 'Admins and approvers',
    heading: (count: number) => `Admins and approvers (${count})`,
    done: {
      added: 'Added. They can sign in now with their address; approvals of their sources and topics go to them from now on.',
      edited: 'Saved. It holds from their next click.',
      removed: 'Removed: they cannot sign in any more, and their open sessions ended. What they decided stays in the trails.',
    } as Record<string, string>,
    notAdded: 'Nothing was added: see what is wrong below.',
    notSaved: 'Nothing was saved: see what is wrong below.',
    intro: 'Who may sign in to this console, and what they may do. Those set in kaiku.yaml change only there.',
    columns: { name: 'Name', role: 'Role', decides: 'Decides', approvalMail: 'Approval mail', whereSet: 'Where set' },
    decides: {
      source: (name: string) => `source ${name}`,
      topic: (topic: string) => `topic ${topic}`,
      backup: 'backup approver',
      nothing: 'nothing',
      unnamed: 'items no one else is named for',
      nothingYet: 'nothing yet',
    },
    mail: { daily: 'daily summary', each: 'each item' },
    setInConfig: 'set in kaiku.yaml',
    edit: 'Edit',
    editLabel: (name: string) => `Edit ${name}`,
    addHeading: 'Add someone',
    add: 'Add',
    save: 'Save',
    removeHeading: 'Remove',
    removeText: 'They can no longer sign in; their open sessions end. What they decided stays in every trail.',
    remove: (name: string) => `Remove ${name}`,
    notFoundTitle: 'No such person',
    notFound: 'No one with this address was added in the console (those set in kaiku.yaml change only there).',
    backToAdmins: 'Back to the admins',
    /** A role's choice in the form: its name (the `roles` section's) and what it does. */
    role: (name: string, does: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${does}`,
    roleDoes: {
      admin: 'runs everything in the console',
      approver: 'decides the items of their sources and topics',
      analyst: 'reads the analytics and leaderboards',
    } satisfies Record<AdminRole, string>,
    labels: {
      email: 'Email address (they sign in with it)',
      name: 'Name',
      role: 'Role',
      topics: 'Topics they decide, for an approver (separated by commas, such as jobs, culture)',
      backup: 'Backup approver: asked when an item has waited too long',
      approvalMail: 'Approval mail',
      each: 'An email per item waiting',
      daily: 'One summary a day of everything waiting',
      slackUserId: 'Slack member id, to decide from Slack (optional, such as U012AB3CD)',
    },
    errors: {
      /** A field kaiku.yaml's schema for admins refused (`code`: zod's issue code); `english` is the schema's own words. */
      schema: (_field: AdminFieldName, _code: string, english: string) => english,
      topicsNotApprover: 'topics are for approvers: an admin decides everything, an analyst nothing; clear them or make them an approver',
      analystBackup: 'an analyst decides nothing, so cannot back up the approvers',
      inConfig: (email: string) => `${email} is set in kaiku.yaml; change them there`,
      already: (email: string) => `${email} is an admin already; edit them in the list above`,
    },
    refusals: {
      ownRole: 'You cannot change your own role: ask another admin. Nothing was saved.',
      lastAdminSave: 'Nothing was saved: they are the programme’s last admin: make someone else an admin first, as someone has to run the programme.',
      lastAdminRemove: 'Nothing was removed: they are the programme’s last admin: make someone else an admin first, as someone has to run the programme.',
      removeSelf: 'Nothing was removed: you cannot remove yourself: ask another admin.',
    },
  },
  decided: {
    approvedTitle: 'Approved',
    rejectedTitle: 'Rejected',
    refusedTitle: 'Nothing changed',
    notFoundTitle: 'Not found',
    notFound: 'There is no such item.',
    notUnderstoodTitle: 'Not understood',
    notUnderstood: 'The form did not say approve or reject. Nothing was changed.',
    back: 'Back to the admin page',
    /** `goesOut`: the next digest's moment, as formatMoment writes it in this language. */
    approved: (goesOut: string) => `Approved. It goes out to advocates in the next digest, ${goesOut}.`,
    rejected: 'Rejected. It will not reach advocates.',
    confirmation: 'A confirmation is on its way to your inbox.',
    /** Why the decision was not taken; `english` is what every channel records, `time` writes an instant on the programme's clock. */
    refused: (_refusal: DecisionRefusal, english: string, _time: (iso: string) => string) => english,
    /** The approval mails' Approve and Reject links, in the approver's console language. */
    link: {
      expiredTitle: 'Link expired',
      expired: 'This approval link has expired. Nothing was changed.',
      invalidTitle: 'Link not valid',
      invalid: 'This approval link is not valid: it was altered or not issued by kaiku. Nothing was changed.',
      noAdmin: 'This link was issued to someone who is no longer an admin. Nothing was changed.',
      alreadyTitle: 'Already decided',
      expiredItem: 'This item expired without a decision. Nothing was changed.',
      approveTitle: 'Approve this item?',
      rejectTitle: 'Reject this item?',
      /** Around <strong>the approver's name</strong> &lt;their address&gt;. */
      decidingAs: ['Deciding as ', '.'] as [string, string],
      approveInstead: 'Approve instead',
      rejectInstead: 'Reject instead',
      notUnderstood: (kind: 'approve' | 'reject') => `The form did not say ${kind}. Nothing was changed.`,
    },
  },
  refused: {
    title: 'Form not accepted',
    notAccepted: 'This form was not accepted, and nothing was changed:',
    hint: 'kaiku takes forms only from its own pages. Go back, reload the page and send the form again.',
    /** Why, as a clause after the colon (the page adds the full stop). */
    reasons: {
      sameSite: 'the browser says it was sent from another site on this domain',
      crossSite: 'the browser says it was sent from another site',
      origin: (origin: string) => `it was sent from ${origin}, not from kaiku`,
      noToken: 'the form carries no token of kaiku',
      noCookie: 'this browser did not send kaiku\u2019s form cookie',
      wrongToken: 'the form\u2019s token does not belong to this page or browser',
    } satisfies FormRefusalWords,
  },
  oidc: {
    notSignedIn: 'You are not signed in, and nothing was changed.',
    back: 'Back to the sign-in page',
    unreachableTitle: (provider: string) => `${provider} is not answering`,
    unreachable: (provider: string) => `kaiku could not reach ${provider} to sign you in; try again in a few minutes, or ask IT whether it is down`,
    invalidTitle: 'Sign-in not valid',
    notStarted: 'This sign-in was not started in this browser, or it took longer than ten minutes; start again',
    usedBefore: 'This sign-in answer was used before; start again',
    notSignedInTitle: 'Not signed in',
    /** The provider's own error, as it described it. */
    providerError: (provider: string, described: string) => `${provider} did not sign you in: ${described}`,
    /** `detail`: the OpenID library's words for what was wrong with the answer. */
    notProved: (provider: string, detail: string) => `The answer from ${provider} did not prove who you are (${detail})`,
    /** The programme's rule said no; `english` is the rule's own words (integrations/identity/oidc-admission.ts). */
    refused: (provider: string, _refusal: AdmissionRefusal, english: string) => `${provider} signed you in, but ${english}`,
  },
};

/** Every word of the console, in one language. */
export type ConsoleStrings = typeof en;

/** How a network counts a caption's length, in Finnish and Swedish (the rule's English is in rules/captions/caption-limits.ts). */
const FI_UNIT = (network: Network) =>
  network === 'x' || network === 'mastodon' ? 'merkkiä, linkki lasketaan 23 merkiksi' : network === 'bluesky' ? 'merkkiä (emoji lasketaan yhdeksi)' : 'merkkiä';
const SV_UNIT = (network: Network) =>
  network === 'x' || network === 'mastodon' ? 'tecken, en länk räknas som 23' : network === 'bluesky' ? 'tecken (en emoji räknas som ett)' : 'tecken';

const fi: ConsoleStrings = {
  locale: 'fi',
  header: {
    pages: {
      items: 'Sisältö',
      compose: 'Uusi julkaisu',
      sources: 'Lähteet',
      advocates: 'Lähettiläät',
      captions: 'Saatetekstit',
      'this-week': 'Tämä viikko',
      digests: 'Koosteet',
      leaderboards: 'Tulostaulut',
      analytics: 'Analytiikka',
      people: 'Ylläpitäjät',
      sessions: 'Istunnot',
    },
    pagesLabel: 'Hallinnan sivut',
    signOut: 'Kirjaudu ulos',
    language: 'Kieli',
    changeLanguage: 'Vaihda',
  },
  health: {
    database: 'kaiku ei saa yhteyttä tietokantaansa: sivut voivat epäonnistua, eikä mitään uutta voi tallentaa ennen kuin yhteys palaa.',
    temporal:
      'kaiku ei saa yhteyttä Temporaliin: päätöksiä ja kirjautumislinkkejä ei voi hetkeen käsitellä. Mitään ei menetetä; yritä uudelleen, kun tämä ilmoitus on poistunut.',
    workers: 'Yksikään kaikun työprosessi ei lue tehtäväjonoaan: haut, hyväksyntäviestit ja koosteet odottavat, kunnes jokin käynnistyy (`kaiku worker`).',
    smtp: 'SMTP-palvelin ei vastaa: viestit odottavat ja niiden lähettämistä yritetään uudelleen. Mitään ei menetetä.',
  },
  pager: {
    label: 'Sivut',
    none: () => 'Ei tuloksia',
    all: (total) => `Yhteensä ${total}`,
    range: (from, to, total) => `${from}–${to} / ${total}`,
    first: '« Ensimmäinen',
    previous: '‹ Edellinen',
    next: 'Seuraava ›',
    last: 'Viimeinen »',
    sort: 'Järjestys',
    search: 'Hae',
  },
  signIn: {
    title: 'Kirjaudu sisään',
    signedOut: 'Olet kirjautunut ulos.',
    withProvider: (provider) => `Kirjaudu palvelulla ${provider}`,
    addressLabel: (program, orFirst) => `${orFirst ? 'Tai: s' : 'S'}ähköpostiosoite, jolla olet ylläpitäjänä ohjelmassa ${program}`,
    emailMe: 'Lähetä minulle kirjautumislinkki',
    badAddress: 'Anna sähköpostiosoitteesi, esimerkiksi ulla@city.example.',
    tooManyTitle: 'Liian monta kirjautumispyyntöä',
    tooMany:
      'Tälle osoitteelle tai tästä verkosta on pyydetty liian monta kirjautumislinkkiä. Mitään ei lähetetty. Odota 15 minuuttia ja pyydä uudelleen; jo saamasi linkki toimii yhä.',
    inboxTitle: 'Katso sähköpostisi',
    inbox: (email, program) =>
      `Jos ${email} on ohjelman ${program} ylläpitäjä, kirjautumislinkki on matkalla. Se toimii kerran ja 15 minuutin ajan; uusi pyyntö korvaa sen.`,
    linkInvalidTitle: 'Linkki ei kelpaa',
    linkExpired: 'Tämä kirjautumislinkki on vanhentunut.',
    linkNotValid: 'Tämä kirjautumislinkki ei kelpaa.',
    linkSpent: 'Tämä kirjautumislinkki ei ole enää voimassa: sitä on jo käytetty, tai on pyydetty uudempi linkki.',
    askAgain: 'Pyydä uusi',
    signInAs: ['Kirjaudutko sisään osoitteella ', '?'],
    linksOffTitle: 'Kirjautumislinkit eivät ole käytössä',
    linksOff: (program, provider) =>
      `${program} kirjaa ylläpitäjät sisään vain palvelulla ${provider}. Sähköpostilinkit eivät ole käytössä, eikä mitään lähetetty tai muutettu.`,
    provider: 'organisaation OpenID-palvelu',
  },
  roles: {
    title: 'Sivu ei kuulu roolillesi',
    names: { admin: 'ylläpitäjä', approver: 'hyväksyjä', analyst: 'analyytikko' },
    reach: {
      admin: 'kaikki sivut',
      approver: 'sisältö (ja päätökset omien lähteiden ja aiheiden sisällöstä), tulostaulut ja analytiikka',
      analyst: 'analytiikka ja tulostaulut',
    },
    refused: (program, role, reach) =>
      `Roolisi ohjelmassa ${program} on ${role}: sillä avautuvat ${reach}. Tämä sivu on ohjelman ylläpitäjille, eikä mitään muutettu. Pyydä ylläpitäjää, jos tarvitset sitä.`,
  },
  language: {
    unknown: 'Konsolin kielet ovat suomi, ruotsi ja englanti. Lomake pyysi muuta kieltä, eikä mitään muutettu.',
  },
  time: { justNow: 'juuri nyt' },
  items: {
    states: { pending: 'Odottaa hyväksyntää', approved: 'Hyväksytyt', rejected: 'Hylätyt', expired: 'Vanhentuneet' },
    stateTags: { pending: 'odottaa hyväksyntää', approved: 'hyväksytty', rejected: 'hylätty', expired: 'vanhentunut' },
    sorts: { found: 'Uusimmat löydetyt', oldest: 'Vanhimmat löydetyt', published: 'Uusimmat julkaistut', decided: 'Viimeksi päätetyt', title: 'Otsikko A–Ö' },
    byState: 'Sisältö tilan mukaan',
    searchLabel: 'Otsikko, tiivistelmä tai osoite',
    noun: 'sisältöä',
    noMatch: (state, search) => `Hakua “${search}” vastaavaa sisältöä ei ole (${state.toLowerCase()}).`,
    none: {
      pending: 'Hyväksyntää odottavaa sisältöä ei vielä ole.',
      approved: 'Hyväksyttyä sisältöä ei vielä ole.',
      rejected: 'Hylättyä sisältöä ei vielä ole.',
      expired: 'Vanhentunutta sisältöä ei vielä ole.',
    },
    sources: (count) => `Lähteet (${count})`,
    noSources: ['Lähteitä ei ole määritetty. Lisää niitä kohtaan ', ' tiedostossa kaiku.yaml.'],
    sourceColumns: { source: 'Lähde', health: 'Tila', address: 'Osoite', lastNew: 'Viimeksi uutta sisältöä' },
    health: { pending: 'ei vielä haettu', healthy: 'toimii', unhealthy: 'virhe' },
    every: (duration) => ` · ${duration} välein`,
    removedFromConfig: ' · poistettu asetuksista',
    failedPolls: (count) => `${count} epäonnistunutta hakua peräkkäin`,
    retracted: 'vedetty pois',
    pinned: 'kiinnitetty',
    onlyFor: (branches) => `vain: ${branches}`,
    found: (ago) => `löydetty ${ago}`,
    published: (ago) => `julkaistu ${ago}`,
    finalCaptions: 'Lopulliset saatetekstit',
    captions: 'Saatetekstit',
    scheduleLink: 'Ajoita, kiinnitä tai vedä pois',
    waiting: (names) => `Odottaa päätöstä: ${names}.`,
    decide: 'Päätä',
    via: { email: 'vastaamalla sähköpostiin', link: 'sähköpostin linkillä', admin: 'hallintasivulla', slack: 'Slackissa', teams: 'Teamsissa', system: '' },
    trail: {
      requested: (who) => `hyväksyntää pyydetty sähköpostilla: ${who}`,
      reminded: (who) => `muistutus lähetetty: ${who}`,
      escalated: (who) => `pyydetty varahyväksyjältä: ${who}`,
      approved: (who, via, edited) => `${who} hyväksyi ${via}${edited ? ' saatetekstejä muokaten' : ''}`,
      rejected: (who, via, reason) => `${who} hylkäsi ${via}${reason ? `: ”${reason}”` : ''}`,
      refused: (who, via, refusal) => `${who} yritti päättää ${via}, mutta sitä ei hyväksytty: ${refusal}`,
      expired: 'vanheni ilman päätöstä',
      confirmed: (who) => `vahvistus lähetetty: ${who}`,
      retracted: (who) => `${who} veti pois hallintasivulla`,
    },
    notFoundTitle: 'Ei löytynyt',
    notFound: (id) => `Sisältöä tunnisteella “${id}” ei ole.`,
    backToItems: 'Takaisin sisältöön',
    badPageTitle: 'Sivulinkki ei kelpaa',
    badPage: 'Tämä sivulinkki ei ole kaikun tekemä (se on ehkä katkennut). Mitään ei muutettu.',
    firstPage: 'Siirry ensimmäiselle sivulle',
  },
  decision: {
    captions: 'Saatetekstit (voit muokata niitä ennen hyväksymistä)',
    atMost: (limit) => `(enintään ${limit} merkkiä)`,
    approve: 'Hyväksy',
    reason: 'Perustelu (vapaaehtoinen, tallentuu päätöshistoriaan)',
    reject: 'Hylkää',
  },
  item: {
    done: {
      scheduled: 'Tallennettu: koosteet sisältävät sen vain ajoituksen sisällä.',
      pinned: 'Kiinnitetty: se on ensimmäisenä seuraavassa koosteajossa kaikille, joille se sopii ja jotka eivät ole sitä vielä saaneet.',
      unpinned: 'Kiinnitys poistettu: se on koosteissa tavallisella paikallaan.',
      retracted: 'Vedetty pois: mikään myöhempi kooste ei sisällä sitä, ja sen jakosivu kertoo, että se on vedetty pois.',
      restored: 'Palautettu: myöhemmät koosteet voivat taas sisältää sen, ja sen jakosivu avautuu jälleen.',
      composed: 'Lähetetty hyväksyttäväksi: se odottaa hyväksyjiään kuten muukin sisältö ja lähtee sitten koosteissa.',
    },
    sendNow: 'Lähetä nyt…',
    othersMayChange: (names) => `Sen hyväksyjät (${names}) voivat ajoittaa, kiinnittää tai vetää sen pois.`,
    retractedTitle: 'Vedetty pois',
    retractedText:
      'Mikään kooste ei nyt sisällä sitä. Vedettiinkö se pois vahingossa? Palauttaminen päästää sen taas myöhempiin koosteisiin ja avaa sen jakosivun uudelleen.',
    restore: 'Palauta koosteisiin',
    noCaptions: 'Saatetekstejä ei vielä ole: ne kirjoitetaan, kun hyväksyntää pyydetään.',
    captionsNote: (language, edited, final) =>
      `Kieli: ${language}${edited ? ', hyväksyjä on muokannut' : ''}.${final ? ' Nämä tekstit ovat jokaisessa koosteessa ja jakosivulla, ja sisällön osoitteen tilalla on kunkin lähettilään oma seurattava linkki.' : ''}`,
    network: 'Kanava',
    caption: 'Saateteksti',
    decisionTrail: 'Päätöshistoria',
    nothingYet: 'Ei vielä mitään.',
    decided: (state, who, via) => (state === 'expired' ? 'Vanheni' : `${who} ${state === 'approved' ? 'hyväksyi' : 'hylkäsi'} ${via}`),
    sharedUntil: ['; jaettavissa ', ' asti'],
    whereItWent: 'Mihin se päätyi',
    notInDigest: 'Se ei ole vielä ollut yhdessäkään koosteessa.',
    reach: () => ['Mukana ', ' lähettilään koosteessa.'],
    reachFigures: (opened, shares, clicks) => `Jakosivuja avattu: ${opened}; jakoja: ${shares}; yksilöityjä klikkauksia: ${clicks}.`,
    digestRun: 'Koosteajo',
    digests: 'Koosteita',
    byNetwork: 'Kanavittain',
    byWeek: 'Viikoittain',
    weekOf: 'Viikko alkaen',
    opened: 'Jakosivuja avattu',
    shares: 'Jakoja',
    clicks: 'Klikkauksia',
    unknownNetwork: '(tuntematon)',
  },
  schedule: {
    retracted: (who) => [
      `${who} veti sen pois `,
      '. Mikään myöhempi kooste, muistutus tai suosituimpien kortti ei sisällä sitä, ja sen jakosivu kertoo, että se on vedetty pois.',
    ],
    notBefore: 'aikaisintaan ',
    notAfter: 'viimeistään ',
    pinned: 'Kiinnitetty',
    pinnedBy: (who) => ` seuraavan koosteajon kärkeen (${who}) `,
    window: (timeZone) => ['Koosteissa ', ' ja ', ` (aikavyöhyke ${timeZone}).`],
    always: 'Koosteissa hyväksynnästä vanhenemiseen asti.',
    title: 'Ajoita, kiinnitä tai vedä pois',
    hint: (timeZone) => `Ohjelman kellonaikana (${timeZone}), esimerkiksi 2026-12-24 09:00 tai 24.12.2026 9.00. Jätä kenttä tyhjäksi, jos rajaa ei ole.`,
    notBeforeLabel: 'Aikaisintaan',
    notAfterLabel: 'Viimeistään',
    save: 'Tallenna ajoitus',
    unpin: 'Poista kiinnitys',
    pin: 'Kiinnitä seuraavan koosteen kärkeen',
    retract: 'Vedä pois kaikista myöhemmistä koosteista',
  },
  digests: {
    title: 'Koosteet',
    noRun: (day, time) => [
      `Yksikään koosteajo ei ole nyt käynnissä. Tunneittain toimiva ajastus lähettää kullekin lähettiläälle koosteen hänen omana ajankohtanaan (${day} ${time}); `,
      ' lähettää tämän viikon koosteet heti.',
    ],
    lastRuns: 'Viimeisimmät ajot',
    noneYet: 'Yhtään koostetta ei ole vielä lähetetty.',
    noQuiet: ['Ei hiljaisia jaksoja: koosteet ja muistutukset lähtevät ympäri vuoden (', ').'],
    quietNow: 'Hiljainen jakso nyt',
    quietNowRest: (first, last, next) => `, ${first}–${last}: koosteet ja muistutukset odottavat ${next} asti.`,
    quietNext: (first, last) => `Seuraava hiljainen jakso ${first}–${last}: koosteet ja muistutukset odottavat sen ajan.`,
    noCap: 'Ei viikkorajaa.',
    cap: (count) => `Enintään ${count} viestiä lähettilästä kohden minkä tahansa 7 päivän aikana (koosteet, muistutukset, tervetuloviestit).`,
    lastRun: (id) => `Viimeisin ajo (${id}):`,
    nobodyHeld: 'mitään ei jätetty odottamaan.',
    held: 'odottamaan jätettiin ',
    figures: {
      planned: 'Suunniteltu',
      sent: 'Lähetetty',
      deferred: 'Lykätty (4xx)',
      failed: 'Torjuttu (5xx)',
      empty: 'Ei sopivaa sisältöä',
      open: 'Lähettämättä',
    },
    run: (id) => `Ajo ${id}`,
    started: (by, ago, batches, size) => `${by}, aloitettu ${ago}; ${batches} erää, kussakin enintään ${size}.`,
    theSchedule: 'Ajastus',
    refresh: 'Päivitä',
    columns: {
      batch: 'Erä',
      worker: 'Työprosessi',
      deferred: 'Lykätty',
      refused: 'Torjuttu',
      run: 'Ajo',
      started: 'Aloitettu',
      by: 'Käynnistäjä',
      held: 'Odottamaan',
      batches: 'Eriä',
      took: 'Kesto',
    },
    lastRound: 'viimeinen kierros',
    attempts: (count) => `${count} yritystä`,
    waiting: (count) => `${count} odottaa`,
    states: { done: 'valmis', sending: 'lähettää', waiting: 'odottaa', interrupted: 'keskeytynyt' },
    bySchedule: 'Ajastus',
  },
  thisWeek: {
    title: 'Tämä viikko',
    nextRun: ['Seuraava koosteajo on ', '. Se lähettää koosteen ', ' lähettiläälle ', ' lähettiläästä.'],
    zones: (day, time) => `Kukin lähettiläs saa koosteensa omalla kellonajallaan (${day} ${time}): `,
    counted: 'Laskettu nyt, nyt hyväksytyn ja ajoitetun sisällön mukaan; täältä ei lähetetä eikä tallenneta mitään.',
    items: 'Sisältö',
    noItems: 'Tässä ajossa ei lähde sisältöä.',
    itemsCaption: 'Mikä sisältö lähtee kuinka monelle lähettiläälle',
    item: 'Sisältö',
    advocates: 'Lähettiläitä',
    language: 'Kieli',
    branch: 'Toimiala',
    topic: 'Aihe',
    byLanguage: 'Kielittäin',
    byBranch: 'Toimialoittain',
    byTopic: 'Aiheittain',
    getDigest: 'Saa koosteen',
    itemsOffered: 'Tarjolla sisältöä',
    noBranch: 'ei toimialaa',
    noTopics: 'ei valittuja aiheita (saa kaiken)',
    nothingTitle: 'Kuka ei saa mitään, ja miksi',
    everyone: 'Jokainen listalla oleva saa koosteen.',
    more: [' ja ', ' muuta'],
    previewTitle: 'Lähettilään kooste etukäteen',
    nameOrEmail: 'Nimi tai sähköposti',
    find: 'Etsi',
    noMatch: (query) => `Yhdenkään lähettilään nimessä tai sähköpostiosoitteessa ei ole “${query}”.`,
    itemCount: (count) => `${count} sisältöä`,
    andMore: (count) => `ja ${count} muuta: kirjoita nimestä enemmän`,
    noSuchAdvocate: 'Listalla ei ole tällaista lähettilästä. Etsi lähettiläs nimellä yllä.',
    getsNothing: (reason) => ` ei saa koostetta tässä ajossa: ${reason}.`,
    gets: (count) => ` saa ${count} sisältöä: `,
    reasons: {
      unsubscribed: 'on perunut tilauksen',
      bounced: 'osoite ei toimi: viestit keskeytetty',
      paused: 'viestit keskeytetty (ylläpitäjä keskeytti, tai hakemistotili ei ole käytössä)',
      snoozed: 'on siirtänyt koostettaan myöhemmäksi',
      'not due': 'ei vuorossa tässä ajossa (joka toinen viikko)',
      'already had it': 'on jo saanut tämän jakson koosteen',
      'quiet period': 'odottaa: hiljainen jakso',
      'weekly cap': 'odottaa: viikkoraja täynnä',
      'nothing matches': 'mikään uusi sisältö ei sovi hänen aiheisiinsa, toimialaansa tai kieleensä',
    },
  },
  advocates: {
    title: 'Lähettiläät',
    heading: (shown) => `Lähettiläät (${shown})`,
    ofTotal: (count, total) => `${count}/${total}`,
    add: 'Lisää lähettiläs',
    upload: 'Lataa lähettiläslista (CSV)',
    export: 'Vie lähettiläslista CSV-tiedostona',
    erasures: (count) => `Poistopyynnöt (${count})`,
    erasuresText: 'Nämä lähettiläät ovat pyytäneet tietosuojasivullaan tietojensa poistamista (privacy.erasure: admin-confirms).',
    asked: (ago) => `pyydetty ${ago}`,
    confirmErasure: (name) => `Vahvista tietojen poisto: ${name}`,
    searchLabel: 'Nimi tai osoite',
    sorts: { name: 'Nimi A–Ö', email: 'Osoite A–Ö', newest: 'Uusimmat', 'last-digest': 'Viimeisin kooste' },
    branch: 'Toimiala',
    topic: 'Aihe',
    all: 'kaikki',
    noun: 'lähettilästä',
    noMatch: 'Hakua vastaavia lähettiläitä ei ole.',
    none: ['Lähettiläitä ei vielä ole: lisää lähettiläs, lataa lista CSV-tiedostona tai aja ', '.'],
    columns: {
      name: 'Nimi',
      branch: 'Toimiala',
      topics: 'Aiheet',
      networks: 'Kanavat',
      languageZone: 'Kieli · aikavyöhyke',
      mail: 'Viestit',
      lastDigest: 'Viimeisin kooste',
    },
    bounces: (count) => ` (${count} palautusta)`,
    pausedUntil: (date) => `keskeytetty ${date} asti`,
    never: 'ei koskaan',
    preview: 'Esikatsele koostetta',
    notFound: 'Tällaista lähettilästä ei ole.',
    back: 'Takaisin lähettiläisiin',
    nextDigestOf: (name) => `Seuraava kooste: ${name}`,
    previewLine: (count) => ` · ${count} sisältöä · ei lähetetty`,
    noFit: (name) => `Mikään hyväksytty sisältö ei nyt sovi lähettiläälle ${name}: hän ei saisi viestiä.`,
  },
  advocateForm: {
    notFoundTitle: 'Lähettilästä ei löytynyt',
    addTitle: 'Lisää lähettiläs',
    addFailed: 'Mitään ei lisätty: korjaa alla merkityt kentät ja lähetä lomake uudelleen.',
    addSubmit: 'Lisää lähettiläs',
    onRoster: (email, name) => `${email} on jo lähettiläslistalla${name ? ` (${name})` : ''}; muokkaa tietoja hänen omalla sivullaan`,
    labels: {
      email: 'Sähköpostiosoite',
      name: 'Nimi',
      language: 'Koosteen kieli',
      timeZone: 'Aikavyöhyke',
      branch: 'Toimiala',
      topics: 'Aiheet (pilkuilla erotettuina; tyhjä: kaikki aiheet)',
      networks: 'Kanavat',
    },
    fieldNames: {
      email: 'sähköpostiosoite',
      name: 'nimi',
      language: 'kieli',
      timeZone: 'aikavyöhyke',
      branch: 'toimiala',
      topics: 'aiheet',
      networks: 'kanavat',
      mastodonInstance: 'Mastodon-palvelin',
    },
    directory: (fields) =>
      `Organisaatiosi hakemisto (SCIM) ylläpitää tämän lähettilään tietoja. Nämä tiedot muutetaan hakemistossa: ${fields}. kaiku noudattaa hakemiston tietoja.`,
    problem: (problem, field) => {
      switch (problem.kind) {
        case 'missing':
          return `${field} puuttuu`;
        case 'email':
          return `”${problem.value}” ei ole sähköpostiosoite`;
        case 'name':
          return 'nimi on tyhjä';
        case 'language':
          return `tuntematon kieli ”${problem.value}”; kaiku kirjoittaa koosteita näillä kielillä: ${problem.languages.join(', ')}`;
        case 'time zone':
          return `tuntematon aikavyöhyke ”${problem.value}”; käytä IANA-nimeä, esimerkiksi Europe/Helsinki`;
        case 'network':
          return `tuntematon kanava ”${problem.value}”; käytettävissä ovat ${problem.networks.join(', ')}`;
        case 'mastodon':
          return 'Mastodon-palvelin annetaan verkkotunnuksena, esimerkiksi mastodon.social';
        case 'other':
          return `tarkista kenttä: ${field}`;
      }
    },
    states: {
      active: 'aktiivinen',
      paused: 'keskeytetty',
      bouncing: 'osoite ei toimi',
      unsubscribed: 'tilaus peruttu',
      removed: 'poistettu',
      erased: 'tiedot poistettu',
    },
    done: {
      added: 'Lisätty. Hän saa ensimmäisen koosteensa seuraavassa ajossa, jossa on hänelle sopivaa sisältöä.',
      edited: 'Tallennettu.',
      paused: 'Keskeytetty: kaiku ei lähetä hänelle mitään, ennen kuin jatkat viestejä.',
      resumed: 'Jatkettu: hän saa taas koosteita.',
      removed: 'Poistettu: kaiku ei lähetä hänelle enää mitään. Hänen jakonsa ja pisteensä säilyvät ohjelman kokonaismäärissä.',
      declined: 'Pyyntö hylätty: hänen tietonsa säilyvät, ja hänen tietosuojasivullaan näkyy perustelusi.',
      erased: 'Tiedot poistettu: hänen henkilötietonsa on poistettu pysyvästi. Hänen jakonsa ja pisteensä säilyvät kokonaismäärissä nimettöminä.',
    },
    back: '← Lähettiläät',
    editFailed: 'Mitään ei tallennettu: korjaa alla merkityt kentät ja tallenna uudelleen.',
    since: ['listalla ', ' alkaen'],
    removedAt: ['poistettu ', ''],
    details: 'Tiedot',
    save: 'Tallenna',
    mail: 'Viestit',
    pause: 'Keskeytä',
    resume: 'Jatka',
    previewNext: 'Esikatsele hänen seuraavaa koostettaan',
    remove: 'Poista ohjelmasta',
    erasedText: 'Hänen henkilötietonsa on poistettu.',
    removedText: 'Poistettu ohjelmasta: kaiku ei lähetä hänelle mitään.',
    allTopics: 'kaikki aiheet',
    noNetworks: 'ei kanavia',
    data: 'Hänen tietonsa (tietosuoja-asetus)',
    exportData: 'Vie hänen tietonsa JSON-tiedostona',
    erase: 'Poista tiedot…',
    digestFrame: { title: 'kooste', open: 'Avaa kooste täysikokoisena' },
    goneTitle: 'Ei muutettu',
    gone: (erased) => (erased ? 'Mitään ei muutettu: tämän lähettilään tiedot on poistettu.' : 'Mitään ei muutettu: tämä lähettiläs on poistettu ohjelmasta.'),
    backToPage: 'Takaisin hänen sivulleen',
    eraseTitle: (name) => `Poistetaanko tiedot: ${name}?`,
    eraseWhat: (email) => [
      'Lähettiläs ',
      ` (${email}) poistetaan pysyvästi: hänen nimensä, osoitteensa ja asetuksensa, hänelle lähetetyt ja häneltä tulleet viestit sekä se, mitä hänen linkkinsä ovat tallentaneet kävijöistä. Hänen jakonsa ja pisteensä säilyvät ohjelman kokonaismäärissä nimettöminä.`,
    ],
    cannotUndo: 'Poistoa ei voi perua.',
    exportFirst: ' Jos hän saattaa tarvita tietojaan, vie ne ensin.',
    eraseForGood: 'Poista pysyvästi',
    cancel: 'Peruuta',
    declineHeading: 'Tai hylkää hänen pyyntönsä',
    declineText: [
      'Hän pyysi poistoa ',
      '. Hylkää pyyntö vain, jos laki sallii organisaation säilyttää tiedot (tietosuoja-asetuksen 17 artiklan 3 kohta). Hän näkee perustelusi tietosuojasivullaan ja voi pyytää poistoa uudelleen.',
    ],
    reasonLabel: 'Perustelu, jonka hän näkee',
    declineSubmit: 'Hylkää pyyntö',
    noReason: 'kirjoita perustelu, jonka hän lukee: laki, jonka nojalla hänen tietonsa säilytetään',
    longReason: (max) => `perustelussa voi olla enintään ${max} merkkiä`,
    nothingOpen: 'hänellä ei ole avointa pyyntöä, jonka voisi hylätä (ratkaistiinko se juuri?); mitään ei muutettu',
  },
  rosterImport: {
    title: 'Lataa lähettiläslista',
    heading: 'Lataa lähettiläslista (CSV)',
    fileLabel: 'Lähettiläslista (CSV: ensin otsikkorivi, sitten email,name,language,time_zone,branch,topics,networks)',
    checkFirst: 'kaiku tarkistaa tiedoston ensin ja näyttää, mitä se tekisi; mitään ei tuoda ennen kuin vahvistat.',
    check: 'Tarkista tiedosto',
    empty: 'Valitse ensin lähettiläslista (CSV); lähetetty tiedosto oli tyhjä. Mitään ei tuotu.',
    theFile: 'tiedosto',
    checked: (name) => `${name} tarkistettu: mitään ei ole vielä tuotu`,
    wouldImport: (rows, refused) => [
      '',
      ` ${rows === 1 ? 'rivi' : 'riviä'} tuotaisiin (uudet lisätään, aiemmat päivitetään osoitteen perusteella); `,
      ` ${refused === 1 ? 'rivi' : 'riviä'} hylättäisiin.`,
    ],
    refusedRows: 'Hylätyt rivit',
    importButton: (count, shown) => `Tuo ${shown} ${count === 1 ? 'lähettiläs' : 'lähettilästä'}`,
    correct: 'Korjaa tiedosto ja tarkista se uudelleen.',
    imported: (rows, inserted, updated, refused) => `Tuonti tehty. Tuotuja: ${rows} (uusia ${inserted}, päivitettyjä ${updated}). Hylättyjä: ${refused}.`,
    refusal: (line, email, reason) => `rivi ${line}${email ? ` (${email})` : ''}: ${reason}`,
    reason: (cause) => {
      switch (cause.kind) {
        case 'unreadable':
          return `tiedostoa ei voi lukea tämän rivin jälkeen: kirjoita lainausmerkkejä tai merkin ${cause.delimiter} sisältävä solu lainausmerkkeihin, kahdenna solun omat lainausmerkit ja lataa tiedosto uudelleen; tiedostosta ei tuotu mitään`;
        case 'empty':
          return 'tiedosto on tyhjä; ensimmäisellä rivillä ovat sarakkeiden nimet';
        case 'columns':
          return `otsikkorivillä ei ole ${cause.missing.length === 1 ? 'saraketta' : 'sarakkeita'} ${cause.missing.join(', ')} (odotetaan: email,name,language,time_zone,branch,topics,networks)`;
        case 'repeated':
          return `${cause.email} on jo rivillä ${cause.earlier}; kukin lähettiläs vain kerran`;
      }
    },
  },
  sessions: {
    title: 'Istunnot',
    heading: (count) => `Kirjautuneet istunnot (${count})`,
    text: 'Kaikki selaimet, joilla on kirjauduttu tälle hallintasivulle. Istunnon päättäminen kirjaa selaimen heti ulos.',
    columns: { admin: 'Ylläpitäjä', signedIn: 'Kirjautui', lastSeen: 'Viimeksi paikalla', browser: 'Selain' },
    thisBrowser: '(tämä selain)',
    end: 'Päätä istunto',
  },
  sources: {
    title: 'Lähteet',
    heading: (count) => `Lähteet (${count})`,
    add: 'Lisää lähde',
    none: ['Lähteitä ei vielä ole: lisää lähde tässä tai kohdassa ', ' tiedostossa kaiku.yaml.'],
    columns: {
      name: 'Nimi',
      kind: 'Tyyppi',
      url: 'Osoite',
      health: 'Tila',
      lastNew: 'Viimeksi uutta sisältöä',
      items: 'Sisältöä',
      setIn: 'Määritetty',
      state: 'Käytössä',
    },
    setInConfig: 'kaiku.yaml-tiedostossa',
    setInConsole: 'konsolissa',
    states: { active: 'käytössä', paused: 'keskeytetty', removed: 'poistettu', 'gone from kaiku.yaml': 'poistunut kaiku.yaml-tiedostosta' },
  },
  source: {
    notFoundTitle: 'Lähdettä ei löytynyt',
    notFound: ['Tällaista lähdettä ei ole. ', 'Takaisin lähteisiin', '.'],
    back: '← Lähteet',
    done: {
      added: 'Lisätty. kaiku hakee lähteen nyt ja sen jälkeen hakuvälin mukaan; sen sisältö odottaa hyväksyntää kuten muukin sisältö.',
      edited: 'Tallennettu. Seuraava haku lukee lähteen nykyisillä asetuksilla.',
      paused: 'Keskeytetty: kaiku ei hae lähdettä ennen kuin jatkat hakuja. Sen sisältö säilyy.',
      resumed: 'Haut jatkuvat: kaiku hakee lähteen nyt ja sen jälkeen hakuvälin mukaan.',
      removed: 'Poistettu: kaiku ei enää hae lähdettä. Sen sisältö säilyy, ja lähde mainitaan siinä yhä.',
      polled: 'Haku on käynnissä: uusi sisältö näkyy täällä ja sisältösivulla hetken kuluttua.',
    },
    schedulesBehind:
      'Temporal, joka hoitaa lähteiden haut, ei vastannut heti muutoksen tallentamisen jälkeen. Muutos on tallessa, ja kaiku päivittää lähteen haut heti, kun Temporal vastaa (se yrittää 15 sekunnin välein).',
    temporalDown: 'kaiku ei hetkeen saa yhteyttä Temporaliin, joka hoitaa lähteiden haut. Mitään ei muutettu; yritä uudelleen minuutin kuluttua.',
    pollNotNow: 'kaiku ei hetkeen saa yhteyttä Temporaliin, joka hoitaa lähteiden haut. Mitään ei haettu; yritä uudelleen minuutin kuluttua.',
    pollUnknown: 'kaiku ei saanut vastausta ajoissa; haku saattaa silti käynnistyä. Katso tilanne minuutin kuluttua ennen kuin yrität uudelleen.',
    failed: 'Mitään ei tallennettu: korjaa alla merkityt kentät ja tallenna uudelleen.',
    setInConfig: 'määritetty kaiku.yaml-tiedostossa',
    addedInConsole: 'lisätty konsolissa',
    items: (count, shown) => `${shown} ${count === 1 ? 'sisältö' : 'sisältöä'}`,
    lastNew: (ago) => `viimeksi uutta sisältöä ${ago}`,
    removed: 'poistettu ',
    lastError: (english) => `Viimeisin haku epäonnistui. Syy englanniksi: ${english}`,
    lastWarning: (english) => `Viimeisimmästä hausta jäi huomautus. Huomautus englanniksi: ${english}`,
    settings: 'Asetukset',
    polling: 'Haut',
    pollNow: 'Hae nyt',
    pause: 'Keskeytä haut',
    resume: 'Jatka hakuja',
    remove: 'Poista (sisältö säilyy)',
    save: 'Tallenna',
    readOnlyConfig: ['Määritetty kaiku.yaml-tiedostossa', ': muuta asetuksia siellä (konsolissa niitä ei voi muokata).'],
    readOnlyRemoved: 'Poistettu ohjelmasta: kaiku ei enää hae lähdettä; sen sisältö säilyy.',
    terms: {
      kind: 'Tyyppi',
      url: 'Osoite',
      topics: 'Aiheet',
      language: 'Kieli',
      pollEvery: 'Hakuväli',
      approvers: 'Hyväksyjät',
      contentType: 'Sisältötyyppi',
      priority: 'Prioriteetti',
      enabled: 'Käytössä',
    },
    everyAdmin: 'kaikki ylläpitäjät',
    enabled: (enabled) => (enabled ? 'kyllä' : 'ei (enabled: false)'),
    notChangedTitle: 'Ei muutettu',
    notChanged: (why) =>
      `Mitään ei muutettu: ${why === 'config' ? 'lähde on määritetty kaiku.yaml-tiedostossa; muuta sitä siellä.' : why === 'paused' ? 'lähteen haut on keskeytetty.' : 'lähdettä ei enää haeta.'}`,
    backToIt: 'Takaisin lähteen sivulle',
  },
  sourceForm: {
    title: 'Lisää lähde',
    notAdded: 'Mitään ei lisätty: korjaa alla merkityt kentät ja lähetä lomake uudelleen.',
    test: 'Testaa syöte',
    add: 'Lisää lähde',
    idHint: 'Pieniä kirjaimia, numeroita ja yhdysviivoja, esimerkiksi kaupungin-uutiset. Tunniste nimeää lähteen pysyvästi.',
    labels: {
      id: 'Tunniste',
      name: 'Nimi (näkyy hyväksyjille; tyhjänä tunniste)',
      kind: 'Tyyppi',
      url: 'Syötteen tai sivun osoite',
      topics: 'Aiheet (pilkuilla erotettuina)',
      language: 'Sisällön kieli (esimerkiksi fi; tyhjä: syötteen ilmoittama tai ohjelman kieli)',
      pollEvery: 'Hakuväli (esimerkiksi 15 minuuttia tai 2 tuntia)',
      approvers: 'Hyväksyjät (ylläpitäjien sähköpostiosoitteet pilkuilla erotettuina; tyhjä: kaikki ylläpitäjät)',
      contentType: 'Sisältötyyppi (esimerkiksi news, blog, video tai jobs; tyhjä: lähteen tyyppi)',
      priority: 'Prioriteetti (0–10; tyhjänä 5)',
      options: 'Tyypin omat asetukset YAML-muodossa (feed-tyypillä niitä ei ole)',
    },
    refused: (refusal, english) => {
      switch (refusal.reason) {
        case 'id format':
          return `”${refusal.value}”: tunnisteessa saa olla vain pieniä kirjaimia, numeroita ja yhdysviivoja (se nimeää lähteen osoitteissa ja ajastuksissa)`;
        case 'kaiku id':
          return `tunniste ”${refusal.id}” on kaikun oma (${refusal.purpose === 'suggestions' ? 'lähettiläiden ehdottamat linkit' : 'konsolissa laaditut julkaisut'}); anna lähteelle toinen tunniste`;
        case 'id in kaiku.yaml':
          return `tunniste ”${refusal.id}” on käytössä kaiku.yaml-tiedostossa; anna lähteelle toinen tunniste`;
        case 'id used':
          return `tunniste ”${refusal.id}” on jo ${refusal.holder === undefined ? 'toisen lähteen' : `lähteen ”${refusal.holder}”`} käytössä; jokainen lähde tarvitsee oman tunnisteen`;
        case 'unknown kind':
          return `tuntematon tyyppi ”${refusal.value}”; tämä kaiku tuntee tyypit ${refusal.kinds.join(', ')}`;
        case 'url':
          return refusal.value
            ? `”${refusal.value}”: osoitteen on oltava http://- tai https://-osoite`
            : 'anna syötteen tai sivun http://- tai https://-osoite';
        case 'language':
          return `”${refusal.value}”: kielikoodi on esimerkiksi fi, sv tai en-GB`;
        case 'duration':
          return `”${refusal.value}” ei ole aikaväli; kirjoita esimerkiksi 15 minuuttia, 2 tuntia tai 1 päivä`;
        case 'duration too short':
          return `”${refusal.value}” on liian lyhyt: lyhin sallittu hakuväli on ${durationText(refusal.boundMs, 'fi')}`;
        case 'duration too long':
          return `”${refusal.value}” on liian pitkä: pisin sallittu hakuväli on ${durationText(refusal.boundMs, 'fi')}`;
        case 'email':
          return `”${refusal.value}” ei ole sähköpostiosoite`;
        case 'not an admin':
          return `”${refusal.email}” ei ole ohjelman ylläpitäjä; lisää hänet kohtaan admins: tai korjaa osoite`;
        case 'priority':
          return `”${refusal.value}”: prioriteetti on kokonaisluku 0–10`;
        case 'content type':
          return `”${refusal.value}”: sisältötyyppi on lyhyt pienillä kirjaimilla kirjoitettu sana, esimerkiksi news, blog, video tai jobs`;
        case 'options yaml':
          return `kaiku ei pysty lukemaan tätä YAML-muotoisena. Jäsentimen ilmoitus englanniksi: ${refusal.detail}`;
        case 'options not a map':
          return 'kirjoita asetukset avaimina ja arvoina (selectors:, ...)';
        case 'options base keys':
          return refusal.keys.length === 1
            ? `asetuksella ${refusal.keys[0]} on oma kenttänsä yllä; jätä se pois tyypin asetuksista`
            : `asetuksilla ${refusal.keys.join(', ')} on omat kenttänsä yllä; jätä ne pois tyypin asetuksista`;
        case 'other':
          return `arvoa ei hyväksytty. Syy englanniksi: ${english}`;
      }
    },
    testHeading: (url) => `Testi: ${url}`,
    created: (count, shown, warning) =>
      `kaiku toisi tästä lähteestä ${shown} ${count === 1 ? 'sisällön' : 'sisältöä'}${warning ? ` (${warning})` : ''}. Mitään ei tallennettu.`,
    warning: (skipped, total, warnings) =>
      [...(skipped ? [`${skipped}/${total} merkintää ohitettaisiin`] : []), ...warnings.map((warning) => `huomautus englanniksi: ${warning}`)].join('; ') ||
      undefined,
    wouldRefuse: (reason) => `kaiku ei hyväksyisi tätä lähdettä: ${reason}. Mitään ei tallennettu.`,
    previewRefused: (refusal, english) => {
      switch (refusal.kind) {
        case 'unknown kind':
          return `tämä kaiku ei tunne lähdetyyppiä ”${refusal.sourceKind}”`;
        case 'not modified':
          return 'palvelin vastasi ensimmäiseen pyyntöön 304 Not Modified eikä lähettänyt luettavaa syötettä';
        case 'unreadable':
          return `yhtäkään sen ${refusal.total} merkinnästä ei voitu lukea (syyt englanniksi: ${refusal.english})`;
        case 'not read':
          return `vastausta ei voitu lukea syötteenä (syy englanniksi: ${refusal.english})`;
        case 'fetch':
          switch (refusal.failure) {
            case 'blocked-address':
              return `kaiku ei hae osoitetta ${refusal.url}, koska se on yksityinen, paikallinen tai linkkipaikallinen osoite (salli se lähteen asetuksella allowPrivateAddresses: true)`;
            case 'timeout':
              return 'palvelin ei vastannut kokonaan sallitussa ajassa (fetch.timeout)';
            case 'too-large':
              return 'vastaus on suurempi kuin asetus fetch.maxBytes sallii';
            case 'too-many-redirects':
              return 'palvelin ohjasi pyynnön eteenpäin liian monta kertaa';
            case 'redirect-loop':
              return 'palvelin ohjaa pyynnön kehässä takaisin samaan osoitteeseen';
            case 'http-status':
              return `palvelin vastasi HTTP ${refusal.status ?? ''}`.trimEnd();
            case 'bad-url':
              return `osoitetta ei voi hakea (syy englanniksi: ${english})`;
            case 'network':
              return `yhteys palvelimeen epäonnistui (syy englanniksi: ${english})`;
          }
      }
    },
  },
  audit: {
    title: 'Muutokset',
    none: 'Konsolissa ei ole vielä tehty muutoksia.',
    actions: {
      added: 'lisäsi',
      edited: 'muokkasi',
      removed: 'poisti',
      paused: 'keskeytti',
      resumed: 'jatkoi',
      erased: 'poisti henkilötiedot',
      'declined erasure': 'hylkäsi poistopyynnön',
      exported: 'vei tiedot',
      imported: 'toi henkilöstölistan',
      composed: 'laati julkaisun',
      'chose a language': 'valitsi kielen',
      'changed the programme hashtags': 'muutti ohjelman aihetunnisteita',
      'sent urgently': 'lähetti heti',
      scheduled: 'ajoitti',
      pinned: 'kiinnitti',
      unpinned: 'irrotti kiinnityksen',
      retracted: 'veti pois',
      restored: 'palautti',
    },
    fields: {
      name: 'nimi',
      email: 'sähköposti',
      language: 'kieli',
      timeZone: 'aikavyöhyke',
      branch: 'toimiala',
      branches: 'toimialat',
      topics: 'aiheet',
      networks: 'kanavat',
      state: 'tila',
      erasure: 'poistopyyntö',
      reason: 'syy',
      kind: 'tyyppi',
      url: 'osoite',
      pollEvery: 'hakuväli',
      approvers: 'hyväksyjät',
      contentType: 'sisältötyyppi',
      priority: 'etusija',
      role: 'rooli',
      backup: 'varahyväksyjä',
      approvalMail: 'hyväksyntäpostit',
      slackUserId: 'Slack-tunnus',
      title: 'otsikko',
      summary: 'teksti',
      imageUrl: 'kuvan osoite',
      notBefore: 'aikaisintaan',
      notAfter: 'viimeistään',
      pinned: 'kiinnitetty',
      retracted: 'vedetty pois',
      to: 'kenelle',
      reached: 'tavoitettiin',
      'left out': 'jätettiin pois',
      inserted: 'lisättiin',
      updated: 'päivitettiin',
      refused: 'hylättiin',
      hashtags: 'aihetunnisteet',
      'variant 1': 'versio 1',
      'variant 2': 'versio 2',
      'variant 3': 'versio 3',
    },
    values: {
      yes: 'kyllä',
      no: 'ei',
      active: 'käytössä',
      paused: 'keskeytetty',
      removed: 'poistettu',
      erased: 'henkilötiedot poistettu',
      unsubscribed: 'perunut tilauksen',
      requested: 'pyydetty',
      declined: 'hylätty',
      nobody: 'ei kukaan',
    },
    template: (network, language, reset) => (reset ? `palautti ${network}-pohjan (${language}) oletukseksi` : `muutti ${network}-pohjaa (${language})`),
  },
  captions: {
    title: 'Saatetekstit',
    templatesSaved: 'Pohjat on tallennettu: tästä lähtien ehdotettavat saatetekstit noudattavat niitä.',
    notSaved: 'Ei tallennettu: korjaa alla merkityt kentät. Mitään ei muutettu.',
    howHeading: 'Näin pohja toimii',
    howPlaceholders: [
      'Kirjoita saatetekstin sanat ja aaltosulkeisiin paikkamerkit: ',
      ' (sisällön otsikko), ',
      ' (sen tiivistelmä), ',
      ' (linkki, jonka lähettiläät jakavat; jokainen pohja tarvitsee sen) ja ',
      ' (ohjelman aihetunnisteet). Muita sanoja aaltosulkeissa ei hyväksytä. Tyhjäksi jäävä paikkamerkki ei jätä jälkeensä tyhjää riviä. Jos saateteksti olisi liian pitkä, kaiku lyhentää ensin tiivistelmää ja sitten otsikkoa.',
    ],
    howVariants:
      'Kirjoita kaksi tai kolme versiota, niin kukin lähettiläs saa niistä yhden, saman koosteessaan ja jakosivulla. Näin kollegat eivät kaikki julkaise samoja sanoja. Jos hyväksyjä muokkaa saatetekstiä, muokkaus korvaa kaikki versiot. Ilman pohjaa kaiku käyttää oletusta ',
    overview: 'Pohjat kanavittain ja kielittäin',
    network: 'Kanava',
    templates: (count) => (count === 0 ? 'Oletus' : count === 1 ? 'Pohja' : `${count} versiota`),
    editorHeading: (network, language) => `${network}, ${language}`,
    limitHint: (network, limit, unit) =>
      `${network} sallii ${limit} ${unit}. Laskuri näyttää kunkin pohjan pituuden ilman otsikkoa ja tiivistelmää (linkki laskettuna niin kuin se julkaistaan); kaiku sovittaa otsikon ja tiivistelmän jäljelle jäävään tilaan. Jätä kaikki kentät tyhjiksi, niin käytössä on kaikun oletus.`,
    unit: (network) =>
      network === 'x' || network === 'mastodon'
        ? 'merkkiä, linkki lasketaan 23 merkiksi'
        : network === 'bluesky'
          ? 'merkkiä (emoji lasketaan yhdeksi)'
          : 'merkkiä',
    variant: (number, optional) => `Versio ${number}${optional ? ' (valinnainen)' : ''}`,
    length: 'Pituus:',
    counter: { of: '{length}/{limit}', over: '{length}/{limit}, {over} liikaa' },
    preview: 'Esikatsele',
    save: 'Tallenna pohjat',
    previewHeading: 'Esikatselu',
    noPreviewItem: 'Sisältöä ei vielä ole: esikatselu näyttää uusimman sisällön, kun jokin lähde on tuonut sitä.',
    newestItem: (other) => `Uusin sisältö${other ? ` (kielellä ${other.wanted} ei vielä ole sisältöä; tämä on kielellä ${other.found})` : ''}:`,
    defaultShown: ' — kaikun oletus, koska pohjaa ei ole kirjoitettu',
    notPreviewed: (number) => `Versio ${number}: esikatselu näkyy, kun pohja on korjattu.`,
    previewOf: (number, counter) => `Versio ${number} · ${counter}`,
    refused: (refusal) => {
      switch (refusal.reason) {
        case 'empty':
          return 'Pohja on tyhjä: kirjoita sen sanat ja {link} siihen kohtaan, johon linkki tulee.';
        case 'too long':
          return `Pohjassa on ${refusal.length} merkkiä; pohjassa saa olla enintään ${refusal.max} merkkiä.`;
        case 'unknown placeholder':
          return `”${refusal.placeholder}” ei ole kaikun tuntema paikkamerkki: käytä merkintöjä {title}, {summary}, {link} tai {hashtags}.`;
        case 'no link':
          return 'Pohjasta puuttuu {link}: lisää se kohtaan, johon linkki tulee (sen lähettiläät jakavat).';
        case 'over limit':
          return `Ilman otsikkoa ja tiivistelmää pohjassa on jo ${refusal.length} merkkiä; ${NETWORK_NAMES[refusal.network]} sallii ${refusal.limit}. Lyhennä sitä ${refusal.length - refusal.limit} merkillä.`;
        case 'network':
          return 'Valitse kanava luettelosta.';
        case 'language':
          return `Valitse jokin ohjelman kielistä (${refusal.languages.join(', ')}).`;
      }
    },
    hashtags: {
      heading: 'Ohjelman aihetunnisteet',
      setInYaml: 'määritetty kaiku.yaml-tiedostossa',
      readOnly: 'Muuta niitä kaiku.yaml-tiedostossa (program.hashtags); täällä niitä ei voi muokata.',
      label: 'Aihetunnisteet (hashtagit) välilyönnein erotettuina',
      hint: 'kaiku.yaml ei määritä aihetunnisteita, joten nämä ovat ohjelman omat: {hashtags} pohjassa ja kaikun oletuksen lopussa.',
      save: 'Tallenna aihetunnisteet',
      saved: 'Aihetunnisteet on tallennettu.',
      inYaml: 'Aihetunnisteet on määritetty kaiku.yaml-tiedostossa (program.hashtags): muuta niitä siellä. Mitään ei muutettu.',
      refused: ({ tag, format }, english) =>
        `${format ? `${tag ? `”${tag}”: ` : ''}aihetunnisteessa saa olla vain kirjaimia, numeroita ja alaviivoja, ei välilyöntejä` : english}. Mitään ei muutettu.`,
    },
  },
  leaderboards: {
    title: 'Tulostaulut',
    heading: (branch) => `Tulostaulut · ${branch ?? 'koko ohjelma'}`,
    branch: 'Toimiala',
    wholeProgramme: 'Koko ohjelma',
    show: 'Näytä',
    namesNote: 'Nimet näkyvät vain niistä lähettiläistä, jotka ovat valinneet sen asetussivullaan; muista näkyy vain toimiala.',
    windows: { week: 'Tämä viikko', month: 'Tämä kuukausi', all: 'Koko ajalta' },
    rewards: 'Palkinnot',
    noMonth: ['Yhtään kuukautta ei ole vielä suljettu. Kunkin kuukauden 1. päivä sulkee edellisen kuukauden; voit myös ajaa komennon ', '.'],
    month: (month) => monthName(month, 'fi'),
    noWinners: 'Ei voittajia: kukaan ei saanut pisteitä sinä kuukautena.',
    columns: { winner: 'Voittaja', branch: 'Toimiala', points: 'Pisteet' },
    drawn: 'arvottu',
    noPoints: 'Ei vielä pisteitä.',
    anonymous: (branch) => (branch ? `Lähettiläs, ${branch}` : 'Ohjelman lähettiläs'),
    points: (points, shown) => `· ${shown} ${points === 1 ? 'piste' : 'pistettä'}`,
  },
  analytics: {
    title: 'Analytiikka',
    heading: (weeks) => `Analytiikka · viimeiset ${weeks} viikkoa`,
    behind: (count) => `${count} jako- ja klikkaustapahtumaa ei ole vielä laskettu tähän: pistelaskenta laskee ne noin minuutin kuluessa.`,
    kpis: {
      shares: 'Jakoja',
      clicks: 'Klikkauksia',
      opened: 'Jakosivuja avattu',
      earnedMedia: 'Ansaittu media',
      openToShare: 'Avauksista jakoon',
      approved: 'Hyväksyttyä sisältöä',
    },
    percent: (value) => `${value} %`,
    nothingYet: 'Ei vielä mitään.',
    table: 'Taulukko',
    date: finnishDate,
    report: {
      since: (from) => `Maanantaista ${finnishDate(from)} alkaen.`,
      weekOf: 'Viikko alkaen',
      opened: 'Jakosivuja avattu',
      shares: 'Jakoja',
      clicks: 'Klikkauksia',
      unknown: '(tuntematon)',
      weekly: {
        title: 'Jaot ja klikkaukset viikoittain',
        note: 'Viikot alkavat maanantaina. Jakosivuja avattu: lähettiläs (tai sähköpostin tarkistusohjelma) avasi jakopainikkeen sivun. Jakoja: lähettiläs jatkoi sivulta kanavalle. Klikkauksia: yksilöityjä ihmiskävijöitä lähettiläiden seurattavissa linkeissä.',
      },
      'by-source': { title: 'Lähteittäin', label: 'Lähde' },
      'by-content-type': {
        title: 'Sisältötyypeittäin',
        label: 'Sisältötyyppi',
        note: 'Lähteen contentType asetuksissa (sen tyyppi, jos contentTypeä ei ole annettu).',
      },
      'by-branch': { title: 'Toimialoittain', label: 'Toimiala' },
      'by-network': {
        title: 'Kanavittain',
        label: 'Kanava',
        note: 'Klikkaus kohdistetaan sen sivun mukaan, joka lähetti kävijän, jos sivu sen kertoo (muuten ”(tuntematon)”).',
      },
      'approval-times': {
        title: 'Hyväksyntäajat',
        note: 'Ihmisen päättämä sisältö (hyväksytty tai hylätty), siitä hyväksytty, ja tunnit hyväksyntäpyynnöstä päätökseen.',
        decided: 'Päätetty',
        approved: 'Hyväksytty',
        median: 'Mediaani, tuntia',
        p90: '90. persentiili, tuntia',
      },
      'digest-funnel': {
        title: 'Koosteiden avauksista jakoon',
        note: 'Avattu: koosteen kuvat ladattiin (osa sähköpostiohjelmista lataa ne yksityisyyden suojaamiseksi, osa ei koskaan), tai jokin sen sisällöistä jaettiin koosteesta. Jaettu: jokin koosteen sisällöistä jaettiin.',
        sent: 'Lähetetty',
        opened: 'Avattu',
        shared: 'Jaettu',
        rate: 'Avauksista jakoon %',
      },
      hashtags: {
        title: (count) => `Ohjelman ${count === 1 ? 'aihetunniste' : 'aihetunnisteet'} hyväksytyissä saateteksteissä`,
        note: (tags) => `Hyväksytty sisältö, jonka saatetekstissä on ${tags.join(', ')}.`,
        none: 'Ohjelmalla ei vielä ole aihetunnisteita: kirjoita ne Saatetekstit-sivulla.',
        approved: 'Hyväksytty',
        withHashtag: 'Aihetunnisteen kanssa %',
      },
      'earned-media': {
        title: 'Ansaitun median arvo',
        note: (costPerClick, currency) =>
          `Yksilöidyt ihmisten klikkaukset × ${costPerClick.toLocaleString('fi', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency} eli se, mitä maksettu klikkaus olisi maksanut (analytics.costPerClick).`,
        value: (currency) => `Arvo (${currency})`,
      },
    },
  },
  compose: {
    title: 'Laadi julkaisu',
    failed: 'Mitään ei tallennettu: katso virheet alta.',
    intro: 'Tiedote, työpaikkailmoitus tai tapahtuma, jota mikään syöte ei tuo. Se odottaa hyväksyntää kuten muukin sisältö ja lähtee sitten koosteissa.',
    authorMayApprove: 'Voit hyväksyä sen itse sen sivulla, kuten myös ohjelman muut ylläpitäjät.',
    othersDecide: 'Ohjelman muut ylläpitäjät päättävät siitä: oma hyväksyntäsi ei riitä (approval.authorMayApprove).',
    submit: 'Lähetä hyväksyttäväksi',
    labels: {
      title: 'Otsikko',
      url: 'Linkki (jonka lähettiläät jakavat: tiedotteen, työpaikkailmoituksen tai tapahtuman sivu)',
      summary: 'Teksti (näkyy koosteessa otsikon alla)',
      imageUrl: 'Kuvan osoite (vapaaehtoinen)',
      topics: 'Aiheet (pilkuilla erotettuina; aiheita seuraavat lähettiläät saavat sen ensisijaisesti)',
      branches: 'Vain toimialoille (pilkuilla erotettuina; tyhjä: kaikille, joille se sopii)',
      language: 'Kieli',
      caption:
        'Saateteksti, jonka lähettiläät julkaisevat (vapaaehtoinen: kaiku ehdottaa jokaiselle kanavalle omansa; linkki ja ohjelman aihetunniste lisätään, jos ne puuttuvat)',
    },
    errors: {
      noTitle: 'anna julkaisulle otsikko: se näkyy julkaisun otsikkona jokaisessa koosteessa',
      longTitle: (max, length) => `otsikossa voi olla enintään ${max} merkkiä; tässä on ${length}`,
      badLink: 'linkin on oltava http://- tai https://-osoite, esimerkiksi https://www.vantaa.fi/uutiset/…',
      unusableLink: () => 'linkkiä ei voi käyttää: sen on oltava toimiva http://- tai https://-osoite',
      longText: (max, length) => `tekstissä voi olla enintään ${max} merkkiä (kooste näyttää sen otsikon alla); tässä on ${length}`,
      badImage: 'kuvan on oltava kuvatiedoston http://- tai https://-osoite',
      language: (languages) => `valitse jokin ohjelman kielistä: ${languages}`,
      longTopic: 'aihe on lyhyt sana, esimerkiksi työpaikat tai kulttuuri',
      noBranches: 'yhdelläkään lähettiläällä ei ole vielä toimialaa: jätä kenttä tyhjäksi, niin julkaisu menee kaikille, joille se sopii',
      unknownBranches: (unknown, known) =>
        `yhdelläkään lähettiläällä ei ole ${unknown.length === 1 ? 'toimialaa' : 'toimialoja'} ${unknown.map((name) => `”${name}”`).join(', ')}: toimialat ovat ${known.join(', ')}`,
      known: (title, state) =>
        `kaikussa on tämä linkki jo sisältönä ”${title}” (${{ pending: 'odottaa hyväksyntää', approved: 'hyväksytty', rejected: 'hylätty', expired: 'vanhentunut' }[state]}): avaa se sisältölistasta`,
      taken: 'toinen ylläpitäjä tallensi tämän linkin hetki sitten: avaa se sisältölistasta',
    },
    temporalDown: 'kaiku ei hetkeen saa yhteyttä Temporaliin, joka hoitaa hyväksynnät. Mitään ei tallennettu; yritä uudelleen minuutin kuluttua.',
    proposed: (networks, count) =>
      count === 1
        ? ` Kanavalla ${networks} on kaikun lyhyempi ehdotus, koska saatetekstisi on pidempi kuin kanava sallii; muokkaa tekstiä päättäessäsi.`
        : ` Kanavilla ${networks} on kaikun lyhyemmät ehdotukset, koska saatetekstisi on pidempi kuin ne sallivat; muokkaa tekstejä päättäessäsi.`,
  },
  urgent: {
    title: (item) => `Lähetä nyt: ${item}`,
    intro: (slack, cap) =>
      `Lyhyt ”uusi jaettava” -sähköposti valitsemillesi lähettiläille, kullekin hänen omalla kielellään, saatetekstin ja jakopainikkeiden kanssa${slack ? ', sekä yksi viesti ohjelman Slack-kanavalle' : ''}. Raja: ${cap}. Hiljaiset jaksot eivät viivästytä kiireellistä viestiä.`,
    cap: (count, per) =>
      `enintään ${count} ${count === 1 ? 'kiireellinen viesti' : 'kiireellistä viestiä'} lähettilästä kohden (tarkastelujakso ${per}; mail.urgentCap)`,
    noCap: 'ei rajaa (mail.urgentCap: null)',
    reasons: {
      removed: 'poistettu ohjelmasta',
      unsubscribed: 'perunut tilauksen',
      paused: 'viestit keskeytetty',
      bouncing: 'osoite ei toimi',
      'cap reached': 'saanut jo kiireellisen viestin',
    },
    notApproved: (state) =>
      `Vain hyväksytyn sisällön voi lähettää nyt; ${{ retracted: 'tämä on vedetty pois', pending: 'tämä odottaa hyväksyntää', approved: 'tämä on hyväksytty', rejected: 'tämä on hylätty', expired: 'tämä on vanhentunut' }[state]}. Mitään ei lähetetty.`,
    whom: 'Kenelle lähetetään',
    all: 'Kaikki lähettiläät',
    groups: { branches: 'Nämä toimialat', topics: 'Näitä aiheita seuraavat', languages: 'Nämä kielet' },
    noneHasOne: ' (ei yhdelläkään lähettiläällä)',
    count: 'Laske',
    countHeading: (segment) => `Laskettu: ${segment}`,
    reach: (count) => ['Se tavoittaa ', count === 1 ? ' lähettilään.' : ' lähettilästä.'],
    sendTo: (count) => `Lähetä nyt ${count} lähettiläälle`,
    nobody: 'Ei ketään, kenelle lähettää: valitse toinen kohderyhmä.',
    noneLeftOut: 'Kukaan kohderyhmästä ei jää ulkopuolelle.',
    leftOut: (total) => `${total} jää ulkopuolelle:`,
    sentSoFar: 'Tähän mennessä lähetetty',
    notSent: 'Tätä ei ole vielä lähetetty kiireellisenä.',
    columns: { when: 'Milloin', by: 'Lähettäjä', to: 'Kenelle', mailed: 'Lähetetty', slack: 'Slack' },
    planning: 'suunnitellaan…',
    mailed: (sent, planned, failed, sending) =>
      `${sent}/${planned}${failed > 0 ? ` · vastaanottajan postipalvelin torjui ${failed}` : ''}${sending ? ' (lähetys käynnissä)' : ''}`,
    posted: 'julkaistu',
    done: (segment) => `Lähetys on käynnissä (${segment}): viestit ovat matkalla.`,
    noSend: 'Lomakkeessa ei ole kaikun lähetystä: paina Laske uudelleen. Mitään ei lähetetty.',
    nothingSent: ' Mitään ei lähetetty.',
    otherItem: 'Tämä lähetys kuuluu toiseen sisältöön: paina Laske uudelleen. Mitään ei lähetetty.',
    unreachable: 'Kohderyhmästä ei tavoiteta nyt ketään. Mitään ei lähetetty.',
    segment: (kind, values) => {
      if (kind === 'all') return 'kaikki lähettiläät';
      const [one, many] = kind === 'branches' ? ['toimiala', 'toimialat'] : kind === 'topics' ? ['aihe', 'aiheet'] : ['kieli', 'kielet'];
      return `${values.length === 1 ? one : many} ${values.join(', ')}`;
    },
    refusals: {
      noKind: 'Valitse, kenelle se lähetetään: kaikille lähettiläille tai joillekin toimialoille, aiheille tai kielille.',
      noneTicked: (kind) => `Valitse vähintään yksi ${{ branches: 'toimiala', topics: 'aihe', languages: 'kieli' }[kind]} tai kaikki lähettiläät.`,
      unknown: (kind, values) =>
        `Yhdelläkään listan lähettiläällä ei ole ${(values.length === 1 ? { branches: 'toimialaa', topics: 'aihetta', languages: 'kieltä' } : { branches: 'toimialoja', topics: 'aiheita', languages: 'kieliä' })[kind]} ”${values.join('”, ”')}”: valitse jokin listalta.`,
    },
    languageNames: { fi: 'suomi', sv: 'ruotsi', da: 'tanska', en: 'englanti' },
  },
  people: {
    title: 'Ylläpitäjät ja hyväksyjät',
    heading: (count) => `Ylläpitäjät ja hyväksyjät (${count})`,
    done: {
      added: 'Lisätty. Hän voi nyt kirjautua sisään osoitteellaan, ja hänen lähteidensä ja aiheidensa hyväksyntäpyynnöt menevät tästä lähtien hänelle.',
      edited: 'Tallennettu. Muutos on voimassa hänen seuraavasta napsautuksestaan alkaen.',
      removed: 'Poistettu: hän ei voi enää kirjautua sisään, ja hänen avoimet istuntonsa päättyivät. Hänen tekemänsä päätökset säilyvät historiassa.',
    },
    notAdded: 'Mitään ei lisätty: katso virheet alta.',
    notSaved: 'Mitään ei tallennettu: katso virheet alta.',
    intro: 'Ketkä voivat kirjautua tähän konsoliin ja mitä he voivat tehdä. Tiedostossa kaiku.yaml määritettyjä voi muuttaa vain siellä.',
    columns: { name: 'Nimi', role: 'Rooli', decides: 'Päättää', approvalMail: 'Hyväksyntäviestit', whereSet: 'Määritetty' },
    decides: {
      source: (name) => `lähde ${name}`,
      topic: (topic) => `aihe ${topic}`,
      backup: 'varahyväksyjä',
      nothing: 'ei mistään',
      unnamed: 'sisällöstä, jolle ei ole nimetty muuta hyväksyjää',
      nothingYet: 'ei vielä mistään',
    },
    mail: { daily: 'päivittäinen kooste', each: 'jokaisesta erikseen' },
    setInConfig: 'tiedostossa kaiku.yaml',
    edit: 'Muokkaa',
    editLabel: (name) => `Muokkaa: ${name}`,
    addHeading: 'Lisää henkilö',
    add: 'Lisää',
    save: 'Tallenna',
    removeHeading: 'Poista',
    removeText: 'Hän ei voi enää kirjautua sisään, ja hänen avoimet istuntonsa päättyvät. Hänen tekemänsä päätökset säilyvät kaikessa historiassa.',
    remove: (name) => `Poista ${name}`,
    notFoundTitle: 'Henkilöä ei löydy',
    notFound: 'Konsolissa ei ole lisätty ketään tällä osoitteella (tiedostossa kaiku.yaml määritettyjä voi muuttaa vain siellä).',
    backToAdmins: 'Takaisin ylläpitäjiin',
    role: (name, does) => `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${does}`,
    roleDoes: {
      admin: 'hoitaa konsolissa kaikkea',
      approver: 'päättää omien lähteidensä ja aiheidensa sisällöstä',
      analyst: 'lukee analytiikkaa ja tulostauluja',
    },
    labels: {
      email: 'Sähköpostiosoite (jolla hän kirjautuu sisään)',
      name: 'Nimi',
      role: 'Rooli',
      topics: 'Aiheet, joista hyväksyjä päättää (pilkuilla erotettuina, esimerkiksi työpaikat, kulttuuri)',
      backup: 'Varahyväksyjä: häneltä pyydetään päätöstä, kun sisältö on odottanut liian kauan',
      approvalMail: 'Hyväksyntäviestit',
      each: 'Sähköposti jokaisesta odottavasta sisällöstä',
      daily: 'Yksi päivittäinen kooste kaikesta odottavasta',
      slackUserId: 'Slackin jäsentunnus, jos hän päättää Slackissa (vapaaehtoinen, esimerkiksi U012AB3CD)',
    },
    errors: {
      schema: (field, code) => {
        switch (field) {
          case 'email':
            return 'anna sähköpostiosoite, esimerkiksi pia@vantaa.fi';
          case 'name':
            return code === 'too_big' ? 'nimessä voi olla enintään 200 merkkiä' : 'anna hänen nimensä sellaisena kuin hyväksyjät ja historia sen näyttävät';
          case 'role':
            return 'valitse rooli: ylläpitäjä, hyväksyjä tai analyytikko';
          case 'approvalMail':
            return 'valitse hyväksyntäviestit: jokaisesta erikseen tai päivittäinen kooste';
          case 'slackUserId':
            return 'Slackin jäsentunnus on muotoa U012AB3CD (profiili → ⋮ → Kopioi jäsentunnus)';
          default:
            return 'tarkista tämä kenttä';
        }
      },
      topicsNotApprover: 'aiheet kuuluvat hyväksyjille: ylläpitäjä päättää kaikesta ja analyytikko ei mistään; tyhjennä aiheet tai tee hänestä hyväksyjä',
      analystBackup: 'analyytikko ei päätä mistään, joten hän ei voi olla varahyväksyjä',
      inConfig: (email) => `${email} on määritetty tiedostossa kaiku.yaml; muuta tietoja siellä`,
      already: (email) => `${email} on jo ylläpitäjä; muokkaa hänen tietojaan yllä olevassa luettelossa`,
    },
    refusals: {
      ownRole: 'Et voi muuttaa omaa rooliasi: pyydä toista ylläpitäjää. Mitään ei tallennettu.',
      lastAdminSave: 'Mitään ei tallennettu: hän on ohjelman ainoa ylläpitäjä. Tee ensin joku muu ylläpitäjäksi, sillä jonkun on hoidettava ohjelmaa.',
      lastAdminRemove: 'Mitään ei poistettu: hän on ohjelman ainoa ylläpitäjä. Tee ensin joku muu ylläpitäjäksi, sillä jonkun on hoidettava ohjelmaa.',
      removeSelf: 'Mitään ei poistettu: et voi poistaa itseäsi. Pyydä toista ylläpitäjää.',
    },
  },
  decided: {
    approvedTitle: 'Hyväksytty',
    rejectedTitle: 'Hylätty',
    refusedTitle: 'Mitään ei muutettu',
    notFoundTitle: 'Ei löytynyt',
    notFound: 'Tällaista sisältöä ei ole.',
    notUnderstoodTitle: 'Lomaketta ei ymmärretty',
    notUnderstood: 'Lomakkeesta ei käynyt ilmi, hyväksytäänkö vai hylätäänkö. Mitään ei muutettu.',
    back: 'Takaisin hallintasivulle',
    approved: (goesOut) => `Hyväksytty. Se lähtee lähettiläille seuraavassa koosteessa: ${goesOut}.`,
    rejected: 'Hylätty. Se ei päädy lähettiläille.',
    confirmation: 'Vahvistus on matkalla sähköpostiisi.',
    refused: (refusal, _english, time) => {
      switch (refusal.kind) {
        case 'decided': {
          const { outcome, by, at, channel } = refusal.decision;
          const via = {
            email: 'vastaamalla sähköpostiin',
            link: 'sähköpostin linkillä',
            admin: 'hallintasivulla',
            slack: 'Slackissa',
            teams: 'Teamsissa',
            system: '',
          }[channel];
          return `Tästä sisällöstä on jo päätetty: ${by.name} <${by.email}> ${outcome === 'approved' ? 'hyväksyi' : 'hylkäsi'} sen ${time(at)}${via ? ` ${via}` : ''}. Mitään ei muutettu.`;
        }
        case 'expired':
          return `Tämä sisältö vanheni${refusal.at ? ` ${time(refusal.at)}` : ''} ilman päätöstä. Mitään ei muutettu.`;
        case 'not an approver':
          return `${refusal.actor} ei ole tämän sisällön hyväksyjä; sen hyväksyjät ovat ${refusal.approvers.join(', ')}. Mitään ei muutettu.`;
        case 'captions':
          return `${refusal.problems
            .map(({ network, length, limit }) =>
              length === 0
                ? `Kanavan ${NETWORK_NAMES[network]} saateteksti on tyhjä.`
                : `Kanavan ${NETWORK_NAMES[network]} saateteksti on ${length} merkkiä pitkä; ${NETWORK_NAMES[network]} sallii ${limit} (${FI_UNIT(network)}). Lyhennä sitä ${length - limit} merkillä.`,
            )
            .join(' ')} Mitään ei muutettu; lähetä saateteksti uudelleen lyhyempänä.`;
        case 'long reason':
          return 'Perustelu on yli 2 000 merkkiä pitkä. Mitään ei muutettu.';
        case 'preparing':
          return 'Tämän sisällön hyväksyntää valmistellaan vielä; yritä uudelleen minuutin kuluttua. Mitään ei muutettu.';
        case 'not open':
          return 'Tästä sisällöstä ei voi vielä päättää; yritä uudelleen minuutin kuluttua. Mitään ei muutettu.';
        case 'unknown item':
          return 'kaiku ei tunne tätä sisältöä. Mitään ei muutettu.';
      }
    },
    link: {
      expiredTitle: 'Linkki on vanhentunut',
      expired: 'Tämä hyväksyntälinkki on vanhentunut. Mitään ei muutettu.',
      invalidTitle: 'Linkki ei kelpaa',
      invalid: 'Tämä hyväksyntälinkki ei kelpaa: sitä on muutettu, tai se ei ole kaikun antama. Mitään ei muutettu.',
      noAdmin: 'Tämä linkki annettiin henkilölle, joka ei ole enää ylläpitäjä. Mitään ei muutettu.',
      alreadyTitle: 'Jo päätetty',
      expiredItem: 'Tämä sisältö vanheni ilman päätöstä. Mitään ei muutettu.',
      approveTitle: 'Hyväksytäänkö tämä sisältö?',
      rejectTitle: 'Hylätäänkö tämä sisältö?',
      decidingAs: ['Päätät nimellä ', '.'],
      approveInstead: 'Hyväksy sittenkin',
      rejectInstead: 'Hylkää sittenkin',
      notUnderstood: (kind) => `Lomakkeesta ei käynyt ilmi ${kind === 'approve' ? 'hyväksyntää' : 'hylkäystä'}. Mitään ei muutettu.`,
    },
  },
  refused: {
    title: 'Lomaketta ei hyväksytty',
    notAccepted: 'Lomaketta ei hyväksytty, eikä mitään muutettu:',
    hint: 'kaiku ottaa vastaan lomakkeita vain omilta sivuiltaan. Palaa takaisin, lataa sivu uudelleen ja lähetä lomake uudestaan.',
    reasons: {
      sameSite: 'selaimen mukaan se lähetettiin toiselta saman verkkotunnuksen sivustolta',
      crossSite: 'selaimen mukaan se lähetettiin toiselta sivustolta',
      origin: (origin) => `se lähetettiin osoitteesta ${origin} eikä kaikusta`,
      noToken: 'lomakkeessa ei ole kaikun tunnistetta',
      noCookie: 'selain ei lähettänyt kaikun lomake-evästettä',
      wrongToken: 'lomakkeen tunniste ei kuulu tälle sivulle tai tälle selaimelle',
    },
  },
  oidc: {
    notSignedIn: 'Et ole kirjautunut sisään, eikä mitään muutettu.',
    back: 'Takaisin kirjautumissivulle',
    unreachableTitle: (provider) => `${provider} ei vastaa`,
    unreachable: (provider) =>
      `kaiku ei saanut yhteyttä palveluun ${provider} kirjatakseen sinut sisään; yritä uudelleen muutaman minuutin kuluttua tai kysy IT-tuelta, onko palvelu poissa käytöstä`,
    invalidTitle: 'Kirjautuminen ei kelpaa',
    notStarted: 'Tätä kirjautumista ei aloitettu tässä selaimessa, tai siihen meni yli kymmenen minuuttia; aloita alusta',
    usedBefore: 'Tämä kirjautumisvastaus on jo käytetty; aloita alusta',
    notSignedInTitle: 'Kirjautuminen ei onnistunut',
    providerError: (provider, described) => `${provider} ei kirjannut sinua sisään: ${described}`,
    notProved: (provider, detail) => `Palvelun ${provider} vastaus ei osoittanut, kuka olet (${detail})`,
    refused: (provider, refusal) => {
      const but = (() => {
        switch (refusal.kind) {
          case 'groups overage':
            return 'tilisi kuuluu niin moneen ryhmään, että palvelu lähetti ryhmäluettelon sijaan linkin siihen. Pyydä IT-tukea lähettämään vain tälle sovellukselle määritetyt ryhmät';
          case 'email not verified':
            return 'palvelun mukaan sähköpostiosoitettasi ei ole vahvistettu';
          case 'not an admin':
            return `et ole ohjelman ${refusal.program} ylläpitäjä`;
          case 'not in a group':
            return `et kuulu ryhmään, jonka jäsenet voivat kirjautua ohjelmaan ${refusal.program}`;
          case 'no email':
            return 'palvelu ei lähettänyt sähköpostiosoitettasi';
          case 'another admin':
            return `${refusal.email} on ylläpitäjä, jonka ${refusal.claim}-tunniste on eri`;
        }
      })();
      return `${provider} tunnisti sinut, mutta ${but}`;
    },
  },
};

const sv: ConsoleStrings = {
  locale: 'sv',
  header: {
    pages: {
      items: 'Innehåll',
      compose: 'Nytt inlägg',
      sources: 'Källor',
      advocates: 'Ambassadörer',
      captions: 'Inläggstexter',
      'this-week': 'Den här veckan',
      digests: 'Sammandrag',
      leaderboards: 'Topplistor',
      analytics: 'Analys',
      people: 'Administratörer',
      sessions: 'Sessioner',
    },
    pagesLabel: 'Administrationssidor',
    signOut: 'Logga ut',
    language: 'Språk',
    changeLanguage: 'Byt',
  },
  health: {
    database: 'kaiku når inte sin databas: sidor kan misslyckas och inget nytt kan sparas förrän den är tillbaka.',
    temporal:
      'kaiku når inte Temporal: beslut och inloggningslänkar kan inte tas emot för tillfället. Inget går förlorat; försök igen när det här meddelandet har försvunnit.',
    workers: 'Ingen av kaikus arbetsprocesser läser sin uppgiftskö: hämtningar, godkännandemejl och sammandrag väntar tills en körs (`kaiku worker`).',
    smtp: 'SMTP-servern svarar inte: e-posten väntar och skickas på nytt. Inget går förlorat.',
  },
  pager: {
    label: 'Sidor',
    none: () => 'Inga träffar',
    all: (total) => `Totalt ${total}`,
    range: (from, to, total) => `${from}–${to} av ${total}`,
    first: '« Första',
    previous: '‹ Föregående',
    next: 'Nästa ›',
    last: 'Sista »',
    sort: 'Sortering',
    search: 'Sök',
  },
  signIn: {
    title: 'Logga in',
    signedOut: 'Du är utloggad.',
    withProvider: (provider) => `Logga in med ${provider}`,
    addressLabel: (program, orFirst) => `${orFirst ? 'Eller: din' : 'Din'} administratörsadress i ${program}`,
    emailMe: 'Skicka mig en inloggningslänk',
    badAddress: 'Ange din e-postadress, till exempel ulla@city.example.',
    tooManyTitle: 'För många inloggningsförfrågningar',
    tooMany:
      'Det har kommit för många inloggningsförfrågningar för den här adressen eller från det här nätverket. Inget skickades. Vänta 15 minuter och försök igen; en länk du redan har fått fungerar fortfarande.',
    inboxTitle: 'Kolla din inkorg',
    inbox: (email, program) =>
      `Om ${email} är administratör i ${program} är en inloggningslänk på väg. Den fungerar en gång, i 15 minuter; en ny begäran ersätter den.`,
    linkInvalidTitle: 'Länken är inte giltig',
    linkExpired: 'Den här inloggningslänken har gått ut.',
    linkNotValid: 'Den här inloggningslänken är inte giltig.',
    linkSpent: 'Den här inloggningslänken gäller inte längre: den har redan använts, eller så har en nyare länk begärts.',
    askAgain: 'Be om en ny',
    signInAs: ['Logga in som ', '?'],
    linksOffTitle: 'Inloggningslänkar är avstängda',
    linksOff: (program, provider) =>
      `${program} loggar bara in administratörer med ${provider}. E-postlänkar är avstängda, och inget skickades eller ändrades.`,
    provider: 'organisationens OpenID-tjänst',
  },
  roles: {
    title: 'Inte för din roll',
    names: { admin: 'administratör', approver: 'godkännare', analyst: 'analytiker' },
    reach: {
      admin: 'allt',
      approver: 'innehållet (och beslutar om det från sina källor och ämnen), topplistorna och analysen',
      analyst: 'analysen och topplistorna',
    },
    refused: (program, role, reach) =>
      `Din roll i ${program} är ${role}: den ger tillgång till ${reach}. Den här sidan är för programmets administratörer, och inget ändrades. Be en administratör om du behöver den.`,
  },
  language: {
    unknown: 'Konsolen finns på finska, svenska och engelska. Formuläret bad om ett annat språk, och inget ändrades.',
  },
  time: { justNow: 'alldeles nyss' },
  items: {
    states: { pending: 'Väntar på godkännande', approved: 'Godkända', rejected: 'Avvisade', expired: 'Utgångna' },
    stateTags: { pending: 'väntar på godkännande', approved: 'godkänd', rejected: 'avvisad', expired: 'utgången' },
    sorts: { found: 'Senast hittade', oldest: 'Först hittade', published: 'Senast publicerade', decided: 'Senast beslutade', title: 'Rubrik A–Ö' },
    byState: 'Innehåll efter status',
    searchLabel: 'Rubrik, sammanfattning eller adress',
    noun: 'innehåll',
    noMatch: (state, search) => `Inget innehåll matchar ”${search}” (${state.toLowerCase()}).`,
    none: {
      pending: 'Inget innehåll väntar på godkännande ännu.',
      approved: 'Inget innehåll har godkänts ännu.',
      rejected: 'Inget innehåll har avvisats ännu.',
      expired: 'Inget innehåll har gått ut ännu.',
    },
    sources: (count) => `Källor (${count})`,
    noSources: ['Inga källor är konfigurerade. Lägg till dem under ', ' i kaiku.yaml.'],
    sourceColumns: { source: 'Källa', health: 'Status', address: 'Adress', lastNew: 'Senast nytt innehåll' },
    health: { pending: 'inte hämtad ännu', healthy: 'fungerar', unhealthy: 'fel' },
    every: (duration) => ` · var ${duration}`,
    removedFromConfig: ' · borttagen ur konfigurationen',
    failedPolls: (count) => `${count} misslyckade hämtningar i rad`,
    retracted: 'tillbakadraget',
    pinned: 'fäst',
    onlyFor: (branches) => `bara för ${branches}`,
    found: (ago) => `hittat ${ago}`,
    published: (ago) => `publicerat ${ago}`,
    finalCaptions: 'Slutliga inläggstexter',
    captions: 'Inläggstexter',
    scheduleLink: 'Schemalägg, fäst eller dra tillbaka',
    waiting: (names) => `Väntar på beslut av ${names}.`,
    decide: 'Besluta',
    via: { email: 'genom att svara på e-post', link: 'via länk i e-post', admin: 'på administrationssidan', slack: 'i Slack', teams: 'i Teams', system: '' },
    trail: {
      requested: (who) => `bad ${who} om godkännande via e-post`,
      reminded: (who) => `påminnelse skickad till ${who}`,
      escalated: (who) => `bad reservgodkännaren ${who} om godkännande`,
      approved: (who, via, edited) => `godkänt av ${who} ${via}${edited ? ', med redigerade inläggstexter' : ''}`,
      rejected: (who, via, reason) => `avvisat av ${who} ${via}${reason ? `: ”${reason}”` : ''}`,
      refused: (who, via, refusal) => `${who} försökte besluta ${via} men nekades: ${refusal}`,
      expired: 'gick ut utan beslut',
      confirmed: (who) => `bekräftelse skickad till ${who}`,
      retracted: (who) => `tillbakadraget av ${who} på administrationssidan`,
    },
    notFoundTitle: 'Hittades inte',
    notFound: (id) => `Det finns inget innehåll med id:t ”${id}”.`,
    backToItems: 'Tillbaka till innehållet',
    badPageTitle: 'Sidlänken är inte giltig',
    badPage: 'Den här sidlänken är inte gjord av kaiku (den kan ha kortats av). Inget ändrades.',
    firstPage: 'Gå till första sidan',
  },
  decision: {
    captions: 'Inläggstexter (redigera gärna innan du godkänner)',
    atMost: (limit) => `(högst ${limit} tecken)`,
    approve: 'Godkänn',
    reason: 'Motivering (frivillig, sparas i beslutshistoriken)',
    reject: 'Avvisa',
  },
  item: {
    done: {
      scheduled: 'Sparat: sammandragen tar bara med det inom dess schema.',
      pinned: 'Fäst: det kommer först i nästa utskick av sammandrag, för alla det passar som inte redan har fått det.',
      unpinned: 'Inte längre fäst: det får sin vanliga plats i sammandragen.',
      retracted: 'Tillbakadraget: inget senare sammandrag tar med det, och dess delningssida säger nu att det har dragits tillbaka.',
      restored: 'Återställt: senare sammandrag kan ta med det igen, och dess delningssida öppnas igen.',
      composed: 'Skickat för godkännande: det väntar på sina godkännare som allt annat innehåll och går sedan ut i sammandragen.',
    },
    sendNow: 'Skicka nu…',
    othersMayChange: (names) => `Dess godkännare (${names}) kan schemalägga, fästa eller dra tillbaka det.`,
    retractedTitle: 'Tillbakadraget',
    retractedText:
      'Inget sammandrag tar med det nu. Drogs det tillbaka av misstag? Om du återställer det kan senare sammandrag ta med det, och dess delningssida öppnas igen.',
    restore: 'Återställ till sammandragen',
    noCaptions: 'Inga inläggstexter ännu: de skrivs när godkännande begärs.',
    captionsNote: (language, edited, final) =>
      `Språk: ${language}${edited ? ', redigerade av godkännaren' : ''}.${final ? ' Det här finns i varje sammandrag och på varje delningssida, med varje ambassadörs egen spårade länk i stället för innehållets adress.' : ''}`,
    network: 'Kanal',
    caption: 'Inläggstext',
    decisionTrail: 'Beslutshistorik',
    nothingYet: 'Inget ännu.',
    decided: (state, who, via) => (state === 'expired' ? 'Gick ut' : `${state === 'approved' ? 'Godkänt' : 'Avvisat'} av ${who} ${via}`),
    sharedUntil: ['; kan delas till ', ''],
    whereItWent: 'Vart det gick',
    notInDigest: 'Det har inte varit med i något sammandrag ännu.',
    reach: (count) => ['Med i sammandragen för ', count === 1 ? ' ambassadör.' : ' ambassadörer.'],
    reachFigures: (opened, shares, clicks) => `Delningssidor öppnade: ${opened}; delningar: ${shares}; unika klick: ${clicks}.`,
    digestRun: 'Utskick',
    digests: 'Sammandrag',
    byNetwork: 'Per kanal',
    byWeek: 'Per vecka',
    weekOf: 'Veckan som börjar',
    opened: 'Delningssidor öppnade',
    shares: 'Delningar',
    clicks: 'Klick',
    unknownNetwork: '(okänd)',
  },
  schedule: {
    retracted: (who) => [
      `Tillbakadraget av ${who} `,
      ': inget senare sammandrag, ingen påminnelse och inget topplistekort tar med det, och dess delningssida säger att det har dragits tillbaka.',
    ],
    notBefore: 'tidigast ',
    notAfter: 'senast ',
    pinned: 'Fäst',
    pinnedBy: (who) => ` överst i nästa utskick av ${who} `,
    window: (timeZone) => ['I sammandragen ', ' och ', ` (tidszon ${timeZone}).`],
    always: 'I sammandragen från godkännandet tills det går ut.',
    title: 'Schemalägg, fäst eller dra tillbaka',
    hint: (timeZone) => `Enligt programmets klocka (${timeZone}), till exempel 2026-12-24 09:00 eller 24.12.2026 9.00. Lämna ett fält tomt för ingen gräns.`,
    notBeforeLabel: 'Tidigast',
    notAfterLabel: 'Senast',
    save: 'Spara schemat',
    unpin: 'Ta bort fästningen',
    pin: 'Fäst överst i nästa sammandrag',
    retract: 'Dra tillbaka från alla senare sammandrag',
  },
  digests: {
    title: 'Sammandrag',
    noRun: (day, time) => [
      `Inget utskick av sammandrag pågår nu. Schemat, som körs varje timme, skickar varje ambassadör sitt sammandrag på hens egen tid (${day} ${time}); `,
      ' skickar veckans sammandrag genast.',
    ],
    lastRuns: 'Senaste utskick',
    noneYet: 'Inget sammandrag har skickats ännu.',
    noQuiet: ['Inga tysta perioder: sammandrag och påminnelser går ut hela året (', ').'],
    quietNow: 'Tyst period nu',
    quietNowRest: (first, last, next) => `, ${first} till ${last}: sammandrag och påminnelser väntar till ${next}.`,
    quietNext: (first, last) => `Nästa tysta period ${first} till ${last}: sammandrag och påminnelser väntar under den.`,
    noCap: 'Inget veckotak.',
    cap: (count) => `Högst ${count} mejl per ambassadör under sju dagar i följd (sammandrag, påminnelser, välkomstmejl).`,
    lastRun: (id) => `Senaste utskick (${id}):`,
    nobodyHeld: 'inget hölls tillbaka.',
    held: 'tillbakahållna: ',
    figures: {
      planned: 'Planerade',
      sent: 'Skickade',
      deferred: 'Uppskjutna (4xx)',
      failed: 'Avvisade (5xx)',
      empty: 'Inget relevant',
      open: 'Kvar att skicka',
    },
    run: (id) => `Utskick ${id}`,
    started: (by, ago, batches, size) => `${by}, startat ${ago}; ${batches} omgångar med högst ${size} vardera.`,
    theSchedule: 'Schemat',
    refresh: 'Uppdatera',
    columns: {
      batch: 'Omgång',
      worker: 'Arbetsprocess',
      deferred: 'Uppskjutna',
      refused: 'Avvisade',
      run: 'Utskick',
      started: 'Startat',
      by: 'Av',
      held: 'Tillbakahållna',
      batches: 'Omgångar',
      took: 'Tog',
    },
    lastRound: 'sista varvet',
    attempts: (count) => `${count} försök`,
    waiting: (count) => `${count} väntar`,
    states: { done: 'klart', sending: 'skickar', waiting: 'väntar', interrupted: 'avbrutet' },
    bySchedule: 'Schemat',
  },
  thisWeek: {
    title: 'Den här veckan',
    nextRun: ['Nästa utskick av sammandrag är ', '. Det går till ', ' av ', ' ambassadörer.'],
    zones: (day, time) => `Varje ambassadör får sitt ${day} ${time} enligt sin egen klocka: `,
    counted: 'Räknat nu, med det innehåll som är godkänt och schemalagt nu; inget här skickas eller sparas.',
    items: 'Innehåll',
    noItems: 'Inget innehåll går ut i det här utskicket.',
    itemsCaption: 'Vilket innehåll som går till hur många ambassadörer',
    item: 'Innehåll',
    advocates: 'Ambassadörer',
    language: 'Språk',
    branch: 'Verksamhet',
    topic: 'Ämne',
    byLanguage: 'Per språk',
    byBranch: 'Per verksamhet',
    byTopic: 'Per ämne',
    getDigest: 'Får sammandrag',
    itemsOffered: 'Erbjudet innehåll',
    noBranch: 'ingen verksamhet',
    noTopics: 'inga valda ämnen (får allt)',
    nothingTitle: 'Vem som inte får något, och varför',
    everyone: 'Alla på listan får ett sammandrag.',
    more: [' och ', ' till'],
    previewTitle: 'Förhandsgranska en ambassadörs sammandrag',
    nameOrEmail: 'Namn eller e-post',
    find: 'Sök',
    noMatch: (query) => `Ingen ambassadörs namn eller e-postadress innehåller ”${query}”.`,
    itemCount: (count) => `${count} inlägg`,
    andMore: (count) => `och ${count} till: skriv mer av namnet`,
    noSuchAdvocate: 'Det finns ingen sådan ambassadör på listan. Sök efter en med namn ovan.',
    getsNothing: (reason) => ` får inget sammandrag i det här utskicket: ${reason}.`,
    gets: (count) => ` får ${count} inlägg: `,
    reasons: {
      unsubscribed: 'har avslutat prenumerationen',
      bounced: 'adressen studsade: e-posten pausad',
      paused: 'e-posten pausad (av en administratör, eller så är katalogkontot avstängt)',
      snoozed: 'har skjutit upp sitt sammandrag till ett senare datum',
      'not due': 'inte på tur i det här utskicket (varannan vecka)',
      'already had it': 'har redan fått periodens sammandrag',
      'quiet period': 'väntar: tyst period',
      'weekly cap': 'väntar: veckotaket är nått',
      'nothing matches': 'inget nytt innehåll passar hens ämnen, verksamhet eller språk',
    },
  },
  advocates: {
    title: 'Ambassadörer',
    heading: (shown) => `Ambassadörer (${shown})`,
    ofTotal: (count, total) => `${count} av ${total}`,
    add: 'Lägg till en ambassadör',
    upload: 'Ladda upp en ambassadörslista (CSV)',
    export: 'Exportera listan som CSV',
    erasures: (count) => `Begäranden om radering (${count})`,
    erasuresText: 'De här ambassadörerna har på sin integritetssida bett att deras uppgifter raderas (privacy.erasure: admin-confirms).',
    asked: (ago) => `begärt ${ago}`,
    confirmErasure: (name) => `Bekräfta radering av ${name}`,
    searchLabel: 'Namn eller adress',
    sorts: { name: 'Namn A–Ö', email: 'Adress A–Ö', newest: 'Nyast', 'last-digest': 'Senaste sammandrag' },
    branch: 'Verksamhet',
    topic: 'Ämne',
    all: 'alla',
    noun: 'ambassadörer',
    noMatch: 'Inga ambassadörer matchar.',
    none: ['Inga ambassadörer ännu: lägg till en, ladda upp en lista som CSV eller kör ', '.'],
    columns: {
      name: 'Namn',
      branch: 'Verksamhet',
      topics: 'Ämnen',
      networks: 'Kanaler',
      languageZone: 'Språk · tidszon',
      mail: 'E-post',
      lastDigest: 'Senaste sammandrag',
    },
    bounces: (count) => ` (${count} studsar)`,
    pausedUntil: (date) => `pausad till ${date}`,
    never: 'aldrig',
    preview: 'Förhandsgranska sammandraget',
    notFound: 'Det finns ingen sådan ambassadör.',
    back: 'Tillbaka till ambassadörerna',
    nextDigestOf: (name) => `Nästa sammandrag för ${name}`,
    previewLine: (count) => ` · ${count} inlägg · inte skickat`,
    noFit: (name) => `Inget godkänt innehåll passar ${name} nu: hen skulle inte få något mejl.`,
  },
  advocateForm: {
    notFoundTitle: 'Ingen sådan ambassadör',
    addTitle: 'Lägg till en ambassadör',
    addFailed: 'Inget lades till: rätta de markerade fälten nedan och skicka formuläret igen.',
    addSubmit: 'Lägg till ambassadören',
    onRoster: (email, name) => `${email} finns redan på listan${name ? ` (${name})` : ''}; redigera uppgifterna på ambassadörens egen sida`,
    labels: {
      email: 'E-postadress',
      name: 'Namn',
      language: 'Sammandragets språk',
      timeZone: 'Tidszon',
      branch: 'Verksamhet',
      topics: 'Ämnen (åtskilda med kommatecken; tomt betyder alla)',
      networks: 'Kanaler',
    },
    fieldNames: {
      email: 'e-postadress',
      name: 'namn',
      language: 'språk',
      timeZone: 'tidszon',
      branch: 'verksamhet',
      topics: 'ämnen',
      networks: 'kanaler',
      mastodonInstance: 'Mastodon-instans',
    },
    directory: (fields) =>
      `Din organisations katalog (SCIM) sköter den här ambassadörens uppgifter. De här uppgifterna ändras i katalogen: ${fields}. kaiku följer det som katalogen anger.`,
    problem: (problem, field) => {
      switch (problem.kind) {
        case 'missing':
          return `${field} saknas`;
        case 'email':
          return `”${problem.value}” är ingen e-postadress`;
        case 'name':
          return 'namnet är tomt';
        case 'language':
          return `okänt språk ”${problem.value}”; kaiku skriver sammandrag på ${problem.languages.join(', ')}`;
        case 'time zone':
          return `okänd tidszon ”${problem.value}”; använd ett IANA-namn, till exempel Europe/Helsinki`;
        case 'network':
          return `okänd kanal ”${problem.value}”; använd ${problem.networks.join(', ')}`;
        case 'mastodon':
          return 'en Mastodon-instans anges som ett värdnamn, till exempel mastodon.social';
        case 'other':
          return `kontrollera fältet: ${field}`;
      }
    },
    states: {
      active: 'aktiv',
      paused: 'pausad',
      bouncing: 'adressen studsar',
      unsubscribed: 'prenumerationen avslutad',
      removed: 'borttagen',
      erased: 'raderad',
    },
    done: {
      added: 'Tillagd. Hen får sitt första sammandrag i nästa utskick som har innehåll för hen.',
      edited: 'Sparat.',
      paused: 'Pausad: kaiku skickar ingenting till hen förrän du återupptar utskicken.',
      resumed: 'Återupptagen: hen får sammandrag igen.',
      removed: 'Borttagen: kaiku skickar ingenting mer till hen. Hens delningar och poäng finns kvar i programmets totaler.',
      declined: 'Begäran avslogs: uppgifterna finns kvar, och hens integritetssida visar din motivering.',
      erased: 'Raderad: hens personuppgifter är borta för gott. Hens delningar och poäng finns kvar i totalerna, utan namn.',
    },
    back: '← Ambassadörer',
    editFailed: 'Inget sparades: rätta de markerade fälten nedan och spara igen.',
    since: ['på listan sedan ', ''],
    removedAt: ['borttagen ', ''],
    details: 'Uppgifter',
    save: 'Spara',
    mail: 'E-post',
    pause: 'Pausa',
    resume: 'Återuppta',
    previewNext: 'Förhandsgranska hens nästa sammandrag',
    remove: 'Ta bort ur programmet',
    erasedText: 'Hens personuppgifter har raderats.',
    removedText: 'Borttagen ur programmet: kaiku skickar ingenting till hen.',
    allTopics: 'alla ämnen',
    noNetworks: 'inga kanaler',
    data: 'Hens uppgifter (dataskyddsförordningen)',
    exportData: 'Exportera hens uppgifter som JSON',
    erase: 'Radera…',
    digestFrame: { title: 'sammandrag', open: 'Öppna sammandraget i full storlek' },
    goneTitle: 'Inte ändrat',
    gone: (erased) =>
      erased ? 'Inget ändrades: den här ambassadörens uppgifter har raderats.' : 'Inget ändrades: den här ambassadören har tagits bort ur programmet.',
    backToPage: 'Tillbaka till ambassadörens sida',
    eraseTitle: (name) => `Radera ${name}?`,
    eraseWhat: (email) => [
      'kaiku tar bort ',
      ` (${email}) för gott: namn, adress och inställningar, e-post till och från hen och det som hens länkar har registrerat om besökare. Hens delningar och poäng finns kvar i programmets totaler, utan namn.`,
    ],
    cannotUndo: 'Det här går inte att ångra.',
    exportFirst: ' Om hen kan behöva sina uppgifter, exportera dem först.',
    eraseForGood: 'Radera för gott',
    cancel: 'Avbryt',
    declineHeading: 'Eller avslå begäran',
    declineText: [
      'Hen begärde radering ',
      '. Avslå bara om lagen tillåter organisationen att behålla uppgifterna (artikel 17.3 i dataskyddsförordningen); hen ser din motivering på sin integritetssida och kan begära radering igen.',
    ],
    reasonLabel: 'Motivering som hen får se',
    declineSubmit: 'Avslå begäran',
    noReason: 'skriv motiveringen som hen får läsa: lagen som gör att uppgifterna behålls',
    longReason: (max) => `en motivering får ha högst ${max} tecken`,
    nothingOpen: 'hen har ingen öppen begäran att avslå (har den avgjorts under tiden?); inget ändrades',
  },
  rosterImport: {
    title: 'Ladda upp en ambassadörslista',
    heading: 'Ladda upp en ambassadörslista (CSV)',
    fileLabel: 'Ambassadörslista (CSV: först en rubrikrad, sedan email,name,language,time_zone,branch,topics,networks)',
    checkFirst: 'kaiku kontrollerar filen först och visar vad som skulle hända; inget importeras förrän du bekräftar.',
    check: 'Kontrollera filen',
    empty: 'Välj först en ambassadörslista (CSV); filen som skickades var tom. Inget importerades.',
    theFile: 'filen',
    checked: (name) => `${name} kontrollerad: inget har importerats ännu`,
    wouldImport: (rows) => ['', ` ${rows === 1 ? 'rad' : 'rader'} skulle importeras (läggas till, eller uppdateras utifrån adressen); `, ' skulle avvisas.'],
    refusedRows: 'Avvisade rader',
    importButton: (count, shown) => `Importera ${shown} ${count === 1 ? 'ambassadör' : 'ambassadörer'}`,
    correct: 'Rätta filen och kontrollera den igen.',
    imported: (rows, inserted, updated, refused) => `Importen är klar. Importerade: ${rows} (nya: ${inserted}, uppdaterade: ${updated}). Avvisade: ${refused}.`,
    refusal: (line, email, reason) => `rad ${line}${email ? ` (${email})` : ''}: ${reason}`,
    reason: (cause) => {
      switch (cause.kind) {
        case 'unreadable':
          return `filen kan inte läsas efter den här raden: sätt en cell som innehåller citattecken eller ${cause.delimiter} inom dubbla citattecken, dubblera varje citattecken i den och ladda upp filen igen; inget i filen importerades`;
        case 'empty':
          return 'filen är tom; första raden ska namnge kolumnerna';
        case 'columns':
          return `rubrikraden saknar ${cause.missing.length === 1 ? 'kolumnen' : 'kolumnerna'} ${cause.missing.join(', ')} (förväntat: email,name,language,time_zone,branch,topics,networks)`;
        case 'repeated':
          return `${cause.email} finns redan på rad ${cause.earlier}; varje ambassadör bara en gång`;
      }
    },
  },
  sessions: {
    title: 'Sessioner',
    heading: (count) => `Inloggade sessioner (${count})`,
    text: 'Alla webbläsare som är inloggade på den här administrationssidan. Om du avslutar en session loggas webbläsaren ut direkt.',
    columns: { admin: 'Administratör', signedIn: 'Loggade in', lastSeen: 'Senast aktiv', browser: 'Webbläsare' },
    thisBrowser: '(den här webbläsaren)',
    end: 'Avsluta sessionen',
  },
  sources: {
    title: 'Källor',
    heading: (count) => `Källor (${count})`,
    add: 'Lägg till en källa',
    none: ['Inga källor ännu: lägg till en här, eller under ', ' i kaiku.yaml.'],
    columns: {
      name: 'Namn',
      kind: 'Typ',
      url: 'Adress',
      health: 'Status',
      lastNew: 'Senast nytt innehåll',
      items: 'Innehåll',
      setIn: 'Angiven i',
      state: 'Läge',
    },
    setInConfig: 'kaiku.yaml',
    setInConsole: 'konsolen',
    states: { active: 'aktiv', paused: 'pausad', removed: 'borttagen', 'gone from kaiku.yaml': 'borta ur kaiku.yaml' },
  },
  source: {
    notFoundTitle: 'Källan finns inte',
    notFound: ['Det finns ingen sådan källa. ', 'Tillbaka till källorna', '.'],
    back: '← Källor',
    done: {
      added: 'Tillagd. kaiku hämtar den nu och sedan med det angivna intervallet; innehållet väntar på godkännande som allt annat innehåll.',
      edited: 'Sparat. Nästa hämtning läser källan som den är nu.',
      paused: 'Pausad: kaiku hämtar inte källan förrän du återupptar den. Innehållet finns kvar.',
      resumed: 'Återupptagen: kaiku hämtar den nu och sedan med det angivna intervallet.',
      removed: 'Borttagen: kaiku hämtar den inte längre. Innehållet finns kvar och nämner fortfarande källan.',
      polled: 'Hämtar nu: nytt innehåll syns här och på innehållssidan om en stund.',
    },
    schedulesBehind:
      'Temporal, som sköter hämtningarna från källorna, svarade inte direkt efter att ändringen sparades. Ändringen finns kvar, och kaiku anpassar källans hämtningar så snart Temporal svarar (den försöker var 15:e sekund).',
    temporalDown: 'kaiku når inte Temporal, som sköter hämtningarna från källorna, för tillfället. Inget ändrades; försök igen om en minut.',
    pollNotNow: 'kaiku når inte Temporal, som sköter hämtningarna från källorna, för tillfället. Inget hämtades; försök igen om en minut.',
    pollUnknown: 'kaiku fick inget svar i tid; hämtningen kan ändå komma i gång. Titta igen om en minut innan du försöker på nytt.',
    failed: 'Inget sparades: rätta fälten som är markerade nedan och spara igen.',
    setInConfig: 'angiven i kaiku.yaml',
    addedInConsole: 'tillagd i konsolen',
    items: (_count, shown) => `${shown} inlägg`,
    lastNew: (ago) => `senast nytt innehåll ${ago}`,
    removed: 'borttagen ',
    lastError: (english) => `Den senaste hämtningen misslyckades. Orsak på engelska: ${english}`,
    lastWarning: (english) => `Den senaste hämtningen gav en anmärkning. Anmärkningen på engelska: ${english}`,
    settings: 'Inställningar',
    polling: 'Hämtning',
    pollNow: 'Hämta nu',
    pause: 'Pausa',
    resume: 'Återuppta',
    remove: 'Ta bort (innehållet finns kvar)',
    save: 'Spara',
    readOnlyConfig: ['Angiven i kaiku.yaml', ': ändra den där (den kan inte ändras i konsolen).'],
    readOnlyRemoved: 'Borttagen ur programmet: kaiku hämtar den inte längre; innehållet finns kvar.',
    terms: {
      kind: 'Typ',
      url: 'Adress',
      topics: 'Ämnen',
      language: 'Språk',
      pollEvery: 'Hämtningsintervall',
      approvers: 'Godkännare',
      contentType: 'Innehållstyp',
      priority: 'Prioritet',
      enabled: 'Aktiv',
    },
    everyAdmin: 'alla administratörer',
    enabled: (enabled) => (enabled ? 'ja' : 'nej (enabled: false)'),
    notChangedTitle: 'Inte ändrad',
    notChanged: (why) =>
      `Inget ändrades: ${why === 'config' ? 'källan är angiven i kaiku.yaml; ändra den där.' : why === 'paused' ? 'källan är pausad.' : 'källan hämtas inte längre.'}`,
    backToIt: 'Tillbaka till källans sida',
  },
  sourceForm: {
    title: 'Lägg till en källa',
    notAdded: 'Inget lades till: rätta fälten som är markerade nedan och skicka formuläret igen.',
    test: 'Testa flödet',
    add: 'Lägg till källan',
    idHint: 'Små bokstäver, siffror och bindestreck, till exempel stadens-nyheter. Id:t namnger källan permanent.',
    labels: {
      id: 'Id',
      name: 'Namn (visas för godkännarna; id:t om tomt)',
      kind: 'Typ',
      url: 'Flödets eller sidans adress',
      topics: 'Ämnen (åtskilda med kommatecken)',
      language: 'Innehållets språk (till exempel sv; tomt: det som flödet anger, eller programmets)',
      pollEvery: 'Hämtningsintervall (till exempel 15 minuter eller 2 timmar)',
      approvers: 'Godkännare (administratörernas adresser, åtskilda med kommatecken; inga: alla administratörer)',
      contentType: 'Innehållstyp (till exempel news, blog, video eller jobs; tomt: källans typ)',
      priority: 'Prioritet (0–10; 5 om tomt)',
      options: 'Typens egna inställningar i YAML (typen feed har inga)',
    },
    refused: (refusal, english) => {
      switch (refusal.reason) {
        case 'id format':
          return `”${refusal.value}”: ett id får bara innehålla små bokstäver, siffror och bindestreck (det namnger källan i adresser och scheman)`;
        case 'kaiku id':
          return `id:t ”${refusal.id}” är kaikus eget (${refusal.purpose === 'suggestions' ? 'länkar som ambassadörerna föreslår' : 'inlägg som skrivs i konsolen'}); ge källan ett annat id`;
        case 'id in kaiku.yaml':
          return `id:t ”${refusal.id}” används i kaiku.yaml; ge källan ett annat id`;
        case 'id used':
          return `id:t ”${refusal.id}” används redan av ${refusal.holder === undefined ? 'en annan källa' : `källan ”${refusal.holder}”`}; varje källa behöver ett eget id`;
        case 'unknown kind':
          return `okänd typ ”${refusal.value}”; den här kaiku känner till typerna ${refusal.kinds.join(', ')}`;
        case 'url':
          return refusal.value
            ? `”${refusal.value}”: adressen måste vara en http://- eller https://-adress`
            : 'ange flödets eller sidans http://- eller https://-adress';
        case 'language':
          return `”${refusal.value}”: en språkkod är till exempel fi, sv eller en-GB`;
        case 'duration':
          return `”${refusal.value}” är inget tidsintervall; skriv till exempel 15 minuter, 2 timmar eller 1 dag`;
        case 'duration too short':
          return `”${refusal.value}” är för kort: det kortaste tillåtna intervallet är ${durationText(refusal.boundMs, 'sv')}`;
        case 'duration too long':
          return `”${refusal.value}” är för långt: det längsta tillåtna intervallet är ${durationText(refusal.boundMs, 'sv')}`;
        case 'email':
          return `”${refusal.value}” är ingen e-postadress`;
        case 'not an admin':
          return `”${refusal.email}” är inte en av administratörerna; lägg till hen under admins: eller rätta adressen`;
        case 'priority':
          return `”${refusal.value}”: prioriteten är ett heltal från 0 till 10`;
        case 'content type':
          return `”${refusal.value}”: en innehållstyp är ett kort ord med små bokstäver, till exempel news, blog, video eller jobs`;
        case 'options yaml':
          return `kaiku kan inte läsa det här som YAML. Tolkarens meddelande på engelska: ${refusal.detail}`;
        case 'options not a map':
          return 'skriv inställningarna som nycklar och värden (selectors:, ...)';
        case 'options base keys':
          return refusal.keys.length === 1
            ? `${refusal.keys[0]} har ett eget fält ovan; lämna det utanför typens inställningar`
            : `${refusal.keys.join(', ')} har egna fält ovan; lämna dem utanför typens inställningar`;
        case 'other':
          return `värdet godtogs inte. Orsak på engelska: ${english}`;
      }
    },
    testHeading: (url) => `Test av ${url}`,
    created: (_count, shown, warning) => `kaiku skulle skapa ${shown} inlägg från källan${warning ? ` (${warning})` : ''}. Inget sparades.`,
    warning: (skipped, total, warnings) =>
      [...(skipped ? [`${skipped} av ${total} poster skulle hoppas över`] : []), ...warnings.map((warning) => `anmärkning på engelska: ${warning}`)].join(
        '; ',
      ) || undefined,
    wouldRefuse: (reason) => `kaiku skulle inte godta den här källan: ${reason}. Inget sparades.`,
    previewRefused: (refusal, english) => {
      switch (refusal.kind) {
        case 'unknown kind':
          return `den här kaiku känner inte till källtypen ”${refusal.sourceKind}”`;
        case 'not modified':
          return 'servern svarade 304 Not Modified på en första förfrågan och skickade inget flöde att läsa';
        case 'unreadable':
          return `ingen av dess ${refusal.total} poster kunde läsas (orsaker på engelska: ${refusal.english})`;
        case 'not read':
          return `svaret kunde inte läsas som ett flöde (orsak på engelska: ${refusal.english})`;
        case 'fetch':
          switch (refusal.failure) {
            case 'blocked-address':
              return `kaiku hämtar inte ${refusal.url}, eftersom det är en privat, lokal eller länklokal adress (tillåt den med allowPrivateAddresses: true på källan)`;
            case 'timeout':
              return 'servern gav inget fullständigt svar inom den tillåtna tiden (fetch.timeout)';
            case 'too-large':
              return 'svaret är större än inställningen fetch.maxBytes tillåter';
            case 'too-many-redirects':
              return 'servern omdirigerade förfrågan för många gånger';
            case 'redirect-loop':
              return 'servern omdirigerar förfrågan i en slinga tillbaka till samma adress';
            case 'http-status':
              return `servern svarade HTTP ${refusal.status ?? ''}`.trimEnd();
            case 'bad-url':
              return `adressen kan inte hämtas (orsak på engelska: ${english})`;
            case 'network':
              return `anslutningen till servern misslyckades (orsak på engelska: ${english})`;
          }
      }
    },
  },
  audit: {
    title: 'Ändringar',
    none: 'Inga ändringar har gjorts i konsolen ännu.',
    actions: {
      added: 'lade till',
      edited: 'redigerade',
      removed: 'tog bort',
      paused: 'pausade',
      resumed: 'återupptog',
      erased: 'raderade personuppgifterna',
      'declined erasure': 'avslog begäran om radering',
      exported: 'exporterade uppgifterna',
      imported: 'importerade personallistan',
      composed: 'skrev ett inlägg',
      'chose a language': 'valde språk',
      'changed the programme hashtags': 'ändrade programmets hashtaggar',
      'sent urgently': 'skickade genast',
      scheduled: 'schemalade',
      pinned: 'fäste',
      unpinned: 'lossade',
      retracted: 'drog tillbaka',
      restored: 'återställde',
    },
    fields: {
      name: 'namn',
      email: 'e-post',
      language: 'språk',
      timeZone: 'tidszon',
      branch: 'verksamhet',
      branches: 'verksamheter',
      topics: 'ämnen',
      networks: 'kanaler',
      state: 'status',
      erasure: 'radering',
      reason: 'orsak',
      kind: 'typ',
      url: 'adress',
      pollEvery: 'hämtningsintervall',
      approvers: 'godkännare',
      contentType: 'innehållstyp',
      priority: 'prioritet',
      role: 'roll',
      backup: 'ersättare',
      approvalMail: 'godkännandemejl',
      slackUserId: 'Slack-id',
      title: 'rubrik',
      summary: 'text',
      imageUrl: 'bildadress',
      notBefore: 'tidigast',
      notAfter: 'senast',
      pinned: 'fäst',
      retracted: 'tillbakadragen',
      to: 'till',
      reached: 'nådda',
      'left out': 'utelämnade',
      inserted: 'tillagda',
      updated: 'uppdaterade',
      refused: 'avvisade',
      hashtags: 'hashtaggar',
      'variant 1': 'variant 1',
      'variant 2': 'variant 2',
      'variant 3': 'variant 3',
    },
    values: {
      yes: 'ja',
      no: 'nej',
      active: 'aktiv',
      paused: 'pausad',
      removed: 'borttagen',
      erased: 'raderad',
      unsubscribed: 'avregistrerad',
      requested: 'begärd',
      declined: 'avslagen',
      nobody: 'ingen',
    },
    template: (network, language, reset) =>
      reset ? `återställde mallen för ${network} (${language}) till standard` : `ändrade mallen för ${network} (${language})`,
  },
  captions: {
    title: 'Inläggstexter',
    templatesSaved: 'Mallarna är sparade: innehåll som föreslås från och med nu använder dem.',
    notSaved: 'Inte sparat: rätta fälten som är markerade nedan. Inget ändrades.',
    howHeading: 'Så fungerar en mall',
    howPlaceholders: [
      'Skriv inläggstextens ord med platshållare inom klammerparenteser: ',
      ' (innehållets rubrik), ',
      ' (dess sammanfattning), ',
      ' (länken som ambassadörerna delar; varje mall behöver den) och ',
      ' (programmets hashtaggar). Andra ord inom klammerparenteser godtas inte. En tom platshållare lämnar ingen tom rad efter sig. Om en inläggstext skulle bli för lång kortar kaiku först sammanfattningen och sedan rubriken.',
    ],
    howVariants:
      'Skriv två eller tre varianter, så får varje ambassadör en av dem, samma i sammandraget och på delningssidan. Då publicerar kollegerna inte alla samma ord. En godkännare som redigerar en inläggstext ersätter alla varianter. Utan mall använder kaiku standardtexten ',
    overview: 'Mallar per kanal och språk',
    network: 'Kanal',
    templates: (count) => (count === 0 ? 'Standard' : count === 1 ? 'Mall' : `${count} varianter`),
    editorHeading: (network, language) => `${network} på ${language}`,
    limitHint: (network, limit, unit) =>
      `${network} tillåter ${limit} ${unit}. Räknaren visar varje malls längd utan rubrik och sammanfattning (länken räknad så som den publiceras); kaiku fyller resten med rubriken och sammanfattningen. Lämna alla fält tomma för kaikus standardtext.`,
    unit: (network) =>
      network === 'x' || network === 'mastodon' ? 'tecken, en länk räknas som 23' : network === 'bluesky' ? 'tecken (en emoji räknas som ett)' : 'tecken',
    variant: (number, optional) => `Variant ${number}${optional ? ' (frivillig)' : ''}`,
    length: 'Längd:',
    counter: { of: '{length} av {limit}', over: '{length} av {limit}, {over} för många' },
    preview: 'Förhandsgranska',
    save: 'Spara mallarna',
    previewHeading: 'Förhandsvisning',
    noPreviewItem: 'Inget innehåll ännu: förhandsvisningen visar det senaste innehållet när en källa har hämtat något.',
    newestItem: (other) => `Det senaste innehållet${other ? ` (inget innehåll på ${other.wanted} ännu; det här är på ${other.found})` : ''}:`,
    defaultShown: ' — kaikus standardtext, eftersom ingen mall är skriven',
    notPreviewed: (number) => `Variant ${number}: ingen förhandsvisning förrän mallen är rättad.`,
    previewOf: (number, counter) => `Variant ${number} · ${counter}`,
    refused: (refusal) => {
      switch (refusal.reason) {
        case 'empty':
          return 'Mallen är tom: skriv dess ord, med {link} där länken ska stå.';
        case 'too long':
          return `Mallen är ${refusal.length} tecken lång; en mall får vara högst ${refusal.max} tecken.`;
        case 'unknown placeholder':
          return `”${refusal.placeholder}” är ingen platshållare som kaiku känner till: använd {title}, {summary}, {link} eller {hashtags}.`;
        case 'no link':
          return 'Mallen saknar {link}: lägg till den där länken ska stå (det är den som ambassadörerna delar).';
        case 'over limit':
          return `Utan rubrik och sammanfattning är mallen redan ${refusal.length} tecken; ${NETWORK_NAMES[refusal.network]} tillåter ${refusal.limit}. Korta den med ${refusal.length - refusal.limit} tecken.`;
        case 'network':
          return 'Välj en kanal i listan.';
        case 'language':
          return `Välj ett av programmets språk (${refusal.languages.join(', ')}).`;
      }
    },
    hashtags: {
      heading: 'Programmets hashtaggar',
      setInYaml: 'angivna i kaiku.yaml',
      readOnly: 'Ändra dem i kaiku.yaml (program.hashtags); här kan de inte redigeras.',
      label: 'Hashtaggar, åtskilda med mellanslag',
      hint: 'kaiku.yaml anger inga hashtaggar, så de här är programmets egna: {hashtags} i en mall och i slutet av kaikus standardtext.',
      save: 'Spara hashtaggarna',
      saved: 'Hashtaggarna är sparade.',
      inYaml: 'Hashtaggarna anges i kaiku.yaml (program.hashtags): ändra dem där. Inget ändrades.',
      refused: ({ tag, format }, english) =>
        `${format ? `${tag ? `”${tag}”: ` : ''}en hashtagg består av bokstäver, siffror och understreck, utan mellanslag` : english}. Inget ändrades.`,
    },
  },
  leaderboards: {
    title: 'Topplistor',
    heading: (branch) => `Topplistor · ${branch ?? 'hela programmet'}`,
    branch: 'Verksamhet',
    wholeProgramme: 'Hela programmet',
    show: 'Visa',
    namesNote: 'Namn visas bara för ambassadörer som har valt det på sin inställningssida; för de andra visas bara verksamheten.',
    windows: { week: 'Den här veckan', month: 'Den här månaden', all: 'Sedan start' },
    rewards: 'Belöningar',
    noMonth: ['Ingen månad har stängts ännu. Den 1:a varje månad stängs föregående månad; eller kör ', '.'],
    month: (month) => monthName(month, 'sv'),
    noWinners: 'Inga vinnare: ingen fick poäng den månaden.',
    columns: { winner: 'Vinnare', branch: 'Verksamhet', points: 'Poäng' },
    drawn: 'lottad',
    noPoints: 'Inga poäng ännu.',
    anonymous: (branch) => (branch ? `En ambassadör från ${branch}` : 'En ambassadör i programmet'),
    points: (_points, shown) => `· ${shown} poäng`,
  },
  analytics: {
    title: 'Analys',
    heading: (weeks) => `Analys · senaste ${weeks} veckorna`,
    behind: (count) => `${count} delnings- och klickhändelser är inte medräknade här ännu: poängräkningen räknar dem inom någon minut.`,
    kpis: {
      shares: 'Delningar',
      clicks: 'Klick',
      opened: 'Delningssidor öppnade',
      earnedMedia: 'Förtjänad media',
      openToShare: 'Från öppning till delning',
      approved: 'Godkänt innehåll',
    },
    percent: (value) => `${value} %`,
    nothingYet: 'Inget ännu.',
    table: 'Tabell',
    date: (date) => date,
    report: {
      since: (from) => `Sedan måndagen ${from}.`,
      weekOf: 'Veckan som börjar',
      opened: 'Delningssidor öppnade',
      shares: 'Delningar',
      clicks: 'Klick',
      unknown: '(okänd)',
      weekly: {
        title: 'Delningar och klick per vecka',
        note: 'Veckorna börjar på måndag. Delningssidor öppnade: en ambassadör (eller ett e-postfilter) öppnade sidan bakom en delningsknapp. Delningar: ambassadören gick vidare till kanalen. Klick: unika mänskliga besökare på ambassadörernas spårade länkar.',
      },
      'by-source': { title: 'Per källa', label: 'Källa' },
      'by-content-type': {
        title: 'Per innehållstyp',
        label: 'Innehållstyp',
        note: 'Källans contentType i konfigurationen (dess typ om den inte anger någon).',
      },
      'by-branch': { title: 'Per verksamhet', label: 'Verksamhet' },
      'by-network': {
        title: 'Per kanal',
        label: 'Kanal',
        note: 'Ett klick räknas till den sida som skickade besökaren, när sidan anger det (annars ”(okänd)”).',
      },
      'approval-times': {
        title: 'Godkännandetider',
        note: 'Innehåll som en person har beslutat om (godkänt eller avvisat), hur mycket av det som godkändes, och timmarna från begäran om godkännande till beslut.',
        decided: 'Beslutade',
        approved: 'Godkända',
        median: 'Median, timmar',
        p90: '90:e percentilen, timmar',
      },
      'digest-funnel': {
        title: 'Sammandragen från öppning till delning',
        note: 'Öppnat: sammandragets bilder laddades (vissa e-postprogram laddar dem av integritetsskäl, vissa aldrig), eller något av dess inlägg delades därifrån. Delat: något inlägg i sammandraget delades.',
        sent: 'Skickade',
        opened: 'Öppnade',
        shared: 'Delade',
        rate: 'Från öppning till delning %',
      },
      hashtags: {
        title: (count) => `Programmets ${count === 1 ? 'hashtagg' : 'hashtaggar'} i godkända inläggstexter`,
        note: (tags) => `Godkänt innehåll vars inläggstexter innehåller ${tags.join(', ')}.`,
        none: 'Programmet har inga hashtaggar ännu: skriv dem på sidan Inläggstexter.',
        approved: 'Godkända',
        withHashtag: 'Med en hashtagg %',
      },
      'earned-media': {
        title: 'Förtjänat medievärde',
        note: (costPerClick, currency) =>
          `Unika mänskliga klick × ${costPerClick.toLocaleString('sv', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}, vad ett betalt klick skulle ha kostat (analytics.costPerClick).`,
        value: (currency) => `Värde (${currency})`,
      },
    },
  },
  compose: {
    title: 'Skriv ett inlägg',
    failed: 'Inget sparades: se vad som är fel nedan.',
    intro:
      'Ett meddelande, en platsannons eller ett evenemang som inte kommer från något flöde. Det väntar på godkännande som allt annat innehåll och går sedan ut i sammandragen.',
    authorMayApprove: 'Du får själv godkänna det på dess sida, liksom programmets andra administratörer.',
    othersDecide: 'Programmets andra administratörer beslutar om det: ditt eget godkännande räcker inte (approval.authorMayApprove).',
    submit: 'Skicka för godkännande',
    labels: {
      title: 'Rubrik',
      url: 'Länk (det ambassadörerna delar: sidan med meddelandet, platsannonsen eller evenemanget)',
      summary: 'Text (visas under rubriken i sammandraget)',
      imageUrl: 'Bildadress (frivillig)',
      topics: 'Ämnen (åtskilda med kommatecken; ambassadörer som följer dem får det i första hand)',
      branches: 'Bara för verksamheter (åtskilda med kommatecken; tomt: alla som det passar)',
      language: 'Språk',
      caption: 'Inläggstext som ambassadörerna publicerar (frivillig: kaiku föreslår en per kanal; länken och programmets hashtagg läggs till om de saknas)',
    },
    errors: {
      noTitle: 'ge inlägget en rubrik: den står överst i inlägget i varje sammandrag',
      longTitle: (max, length) => `en rubrik får ha högst ${max} tecken; den här har ${length}`,
      badLink: 'länken måste vara en http://- eller https://-adress, till exempel https://www.vantaa.fi/uutiset/…',
      unusableLink: () => 'länken går inte att använda: den måste vara en fungerande http://- eller https://-adress',
      longText: (max, length) => `texten får ha högst ${max} tecken (sammandraget visar den under rubriken); den här har ${length}`,
      badImage: 'bilden måste vara en http://- eller https://-adress till en bild',
      language: (languages) => `välj ett av programmets språk: ${languages}`,
      longTopic: 'ett ämne är ett kort ord, till exempel jobb eller kultur',
      noBranches: 'ingen ambassadör har någon verksamhet ännu: lämna fältet tomt, så når inlägget alla som det passar',
      unknownBranches: (unknown, known) =>
        `ingen ambassadör finns i ${unknown.length === 1 ? 'verksamheten' : 'verksamheterna'} ${unknown.map((name) => `”${name}”`).join(', ')}: verksamheterna är ${known.join(', ')}`,
      known: (title, state) =>
        `kaiku har redan den här länken, som ”${title}” (${{ pending: 'väntar på godkännande', approved: 'godkänt', rejected: 'avvisat', expired: 'utgånget' }[state]}): öppna det från innehållslistan`,
      taken: 'en annan administratör sparade den här länken för ett ögonblick sedan: öppna det från innehållslistan',
    },
    temporalDown: 'kaiku når inte Temporal, som sköter godkännandena, för tillfället. Inget sparades; försök igen om en minut.',
    proposed: (networks, count) =>
      ` ${networks} fick kaikus kortare förslag, eftersom din inläggstext är längre än ${count === 1 ? 'kanalen' : 'de'} tillåter; redigera den när du beslutar.`,
  },
  urgent: {
    title: (item) => `Skicka nu: ${item}`,
    intro: (slack, cap) =>
      `Ett kort mejl, ”nytt att dela”, till de ambassadörer du väljer, på vars och ens språk, med inläggstext och delningsknappar${slack ? ', och ett meddelande i programmets Slack-kanal' : ''}. Taket: ${cap}. Tysta perioder håller inte tillbaka ett brådskande mejl.`,
    cap: (count, per) => `högst ${count} brådskande mejl per ambassadör under ${per} (mail.urgentCap)`,
    noCap: 'inget tak (mail.urgentCap: null)',
    reasons: {
      removed: 'borttagna ur programmet',
      unsubscribed: 'har avslutat prenumerationen',
      paused: 'e-posten pausad',
      bouncing: 'adressen studsar',
      'cap reached': 'har redan fått sitt brådskande mejl',
    },
    notApproved: (state) =>
      `Bara godkänt innehåll kan skickas nu; det här ${{ retracted: 'har dragits tillbaka', pending: 'väntar på godkännande', approved: 'är godkänt', rejected: 'har avvisats', expired: 'har gått ut' }[state]}. Inget skickades.`,
    whom: 'Vem det ska skickas till',
    all: 'Alla ambassadörer',
    groups: { branches: 'Dessa verksamheter', topics: 'De som följer dessa ämnen', languages: 'Dessa språk' },
    noneHasOne: ' (ingen ambassadör har någon)',
    count: 'Räkna',
    countHeading: (segment) => `Räknat för: ${segment}`,
    reach: (count) => ['Det når ', count === 1 ? ' ambassadör.' : ' ambassadörer.'],
    sendTo: (count) => `Skicka nu till ${count}`,
    nobody: 'Ingen att skicka till: välj en annan målgrupp.',
    noneLeftOut: 'Ingen i målgruppen lämnas utanför.',
    leftOut: (total) => `${total} lämnas utanför:`,
    sentSoFar: 'Skickat hittills',
    notSent: 'Inte skickat som brådskande ännu.',
    columns: { when: 'När', by: 'Av', to: 'Till', mailed: 'Mejlade', slack: 'Slack' },
    planning: 'planeras…',
    mailed: (sent, planned, failed, sending) =>
      `${sent} av ${planned}${failed > 0 ? ` · ${failed} avvisade av mottagarens e-postserver` : ''}${sending ? ' (skickas)' : ''}`,
    posted: 'publicerat',
    done: (segment) => `Skickar nu till ${segment}: mejlen är på väg.`,
    noSend: 'Formuläret innehåller inget utskick från kaiku: tryck på Räkna igen. Inget skickades.',
    nothingSent: ' Inget skickades.',
    otherItem: 'Det utskicket hör till annat innehåll: tryck på Räkna igen. Inget skickades.',
    unreachable: 'Ingen i den målgruppen kan nås nu. Inget skickades.',
    segment: (kind, values) => {
      if (kind === 'all') return 'alla ambassadörer';
      const [one, many] = kind === 'branches' ? ['verksamhet', 'verksamheter'] : kind === 'topics' ? ['ämne', 'ämnen'] : ['språk', 'språk'];
      return `${values.length === 1 ? one : many} ${values.join(', ')}`;
    },
    refusals: {
      noKind: 'Välj vem det ska skickas till: alla ambassadörer, eller vissa verksamheter, ämnen eller språk.',
      noneTicked: (kind) =>
        `Kryssa för minst ${{ branches: 'en verksamhet', topics: 'ett ämne', languages: 'ett språk' }[kind]}, eller välj alla ambassadörer.`,
      unknown: (kind, values) =>
        `Ingen ambassadör på listan har ${(values.length === 1 ? { branches: 'verksamheten', topics: 'ämnet', languages: 'språket' } : { branches: 'verksamheterna', topics: 'ämnena', languages: 'språken' })[kind]} ”${values.join('”, ”')}”: kryssa för något i listan.`,
    },
    languageNames: { fi: 'finska', sv: 'svenska', da: 'danska', en: 'engelska' },
  },
  people: {
    title: 'Administratörer och godkännare',
    heading: (count) => `Administratörer och godkännare (${count})`,
    done: {
      added: 'Tillagd. Personen kan nu logga in med sin adress, och godkännanden för personens källor och ämnen går från och med nu till hen.',
      edited: 'Sparat. Ändringen gäller från personens nästa klick.',
      removed: 'Borttagen: personen kan inte längre logga in, och hens öppna sessioner avslutades. Det hen har beslutat finns kvar i historiken.',
    },
    notAdded: 'Inget lades till: se vad som är fel nedan.',
    notSaved: 'Inget sparades: se vad som är fel nedan.',
    intro: 'Vem som får logga in i den här konsolen och vad de får göra. De som anges i kaiku.yaml kan bara ändras där.',
    columns: { name: 'Namn', role: 'Roll', decides: 'Beslutar om', approvalMail: 'Godkännandemejl', whereSet: 'Anges i' },
    decides: {
      source: (name) => `källan ${name}`,
      topic: (topic) => `ämnet ${topic}`,
      backup: 'reservgodkännare',
      nothing: 'inget',
      unnamed: 'innehåll som ingen annan har utsetts för',
      nothingYet: 'inget ännu',
    },
    mail: { daily: 'dagligt sammandrag', each: 'för varje inlägg' },
    setInConfig: 'anges i kaiku.yaml',
    edit: 'Redigera',
    editLabel: (name) => `Redigera ${name}`,
    addHeading: 'Lägg till någon',
    add: 'Lägg till',
    save: 'Spara',
    removeHeading: 'Ta bort',
    removeText: 'Personen kan inte längre logga in, och hens öppna sessioner avslutas. Det hen har beslutat finns kvar i all historik.',
    remove: (name) => `Ta bort ${name}`,
    notFoundTitle: 'Ingen sådan person',
    notFound: 'Ingen med den här adressen har lagts till i konsolen (de som anges i kaiku.yaml kan bara ändras där).',
    backToAdmins: 'Tillbaka till administratörerna',
    role: (name, does) => `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${does}`,
    roleDoes: {
      admin: 'sköter allt i konsolen',
      approver: 'beslutar om innehållet från sina källor och ämnen',
      analyst: 'läser analysen och topplistorna',
    },
    labels: {
      email: 'E-postadress (som personen loggar in med)',
      name: 'Namn',
      role: 'Roll',
      topics: 'Ämnen som en godkännare beslutar om (åtskilda med kommatecken, till exempel jobb, kultur)',
      backup: 'Reservgodkännare: tillfrågas när innehåll har väntat för länge',
      approvalMail: 'Godkännandemejl',
      each: 'Ett mejl för varje inlägg som väntar',
      daily: 'Ett dagligt sammandrag av allt som väntar',
      slackUserId: 'Slack-medlems-id, för att besluta i Slack (frivilligt, till exempel U012AB3CD)',
    },
    errors: {
      schema: (field, code) => {
        switch (field) {
          case 'email':
            return 'ange en e-postadress, till exempel pia@vantaa.fi';
          case 'name':
            return code === 'too_big' ? 'ett namn får ha högst 200 tecken' : 'ange personens namn, så som godkännarna och historiken ska visa det';
          case 'role':
            return 'välj en roll: administratör, godkännare eller analytiker';
          case 'approvalMail':
            return 'välj godkännandemejl: för varje inlägg eller ett dagligt sammandrag';
          case 'slackUserId':
            return 'ett Slack-medlems-id ser ut som U012AB3CD (profil → ⋮ → Kopiera medlems-id)';
          default:
            return 'kontrollera det här fältet';
        }
      },
      topicsNotApprover:
        'ämnen är till för godkännare: en administratör beslutar om allt, en analytiker om inget; töm fältet eller gör personen till godkännare',
      analystBackup: 'en analytiker beslutar inte om något och kan därför inte vara reservgodkännare',
      inConfig: (email) => `${email} anges i kaiku.yaml; ändra uppgifterna där`,
      already: (email) => `${email} är redan administratör; redigera personen i listan ovan`,
    },
    refusals: {
      ownRole: 'Du kan inte ändra din egen roll: be en annan administratör. Inget sparades.',
      lastAdminSave:
        'Inget sparades: personen är programmets enda administratör. Gör först någon annan till administratör, eftersom någon måste sköta programmet.',
      lastAdminRemove:
        'Inget togs bort: personen är programmets enda administratör. Gör först någon annan till administratör, eftersom någon måste sköta programmet.',
      removeSelf: 'Inget togs bort: du kan inte ta bort dig själv. Be en annan administratör.',
    },
  },
  decided: {
    approvedTitle: 'Godkänt',
    rejectedTitle: 'Avvisat',
    refusedTitle: 'Inget ändrades',
    notFoundTitle: 'Hittades inte',
    notFound: 'Det finns inget sådant innehåll.',
    notUnderstoodTitle: 'Formuläret förstods inte',
    notUnderstood: 'Formuläret angav inte om innehållet ska godkännas eller avvisas. Inget ändrades.',
    back: 'Tillbaka till administrationssidan',
    approved: (goesOut) => `Godkänt. Det går ut till ambassadörerna i nästa sammandrag, ${goesOut}.`,
    rejected: 'Avvisat. Det når inte ambassadörerna.',
    confirmation: 'En bekräftelse är på väg till din inkorg.',
    refused: (refusal, _english, time) => {
      switch (refusal.kind) {
        case 'decided': {
          const { outcome, by, at, channel } = refusal.decision;
          const via = {
            email: 'genom att svara på e-post',
            link: 'via länk i e-post',
            admin: 'på administrationssidan',
            slack: 'i Slack',
            teams: 'i Teams',
            system: '',
          }[channel];
          return `Det här innehållet har redan ${outcome === 'approved' ? 'godkänts' : 'avvisats'} av ${by.name} <${by.email}> ${time(at)}${via ? ` ${via}` : ''}. Inget ändrades.`;
        }
        case 'expired':
          return `Det här innehållet gick ut${refusal.at ? ` ${time(refusal.at)}` : ''} utan beslut. Inget ändrades.`;
        case 'not an approver':
          return `${refusal.actor} är inte godkännare för det här innehållet; dess godkännare är ${refusal.approvers.join(', ')}. Inget ändrades.`;
        case 'captions':
          return `${refusal.problems
            .map(({ network, length, limit }) =>
              length === 0
                ? `Inläggstexten för ${NETWORK_NAMES[network]} är tom.`
                : `Inläggstexten för ${NETWORK_NAMES[network]} är ${length} tecken lång; ${NETWORK_NAMES[network]} tillåter ${limit} (${SV_UNIT(network)}). Korta den med ${length - limit} tecken.`,
            )
            .join(' ')} Inget ändrades; skicka inläggstexten igen, kortare.`;
        case 'long reason':
          return 'Motiveringen är längre än 2 000 tecken. Inget ändrades.';
        case 'preparing':
          return 'Godkännandet av det här innehållet förbereds fortfarande; försök igen om en minut. Inget ändrades.';
        case 'not open':
          return 'Det går inte att besluta om det här innehållet ännu; försök igen om en minut. Inget ändrades.';
        case 'unknown item':
          return 'kaiku känner inte till det här innehållet. Inget ändrades.';
      }
    },
    link: {
      expiredTitle: 'Länken har gått ut',
      expired: 'Den här godkännandelänken har gått ut. Inget ändrades.',
      invalidTitle: 'Länken är inte giltig',
      invalid: 'Den här godkännandelänken är inte giltig: den har ändrats eller kommer inte från kaiku. Inget ändrades.',
      noAdmin: 'Den här länken skickades till någon som inte längre är administratör. Inget ändrades.',
      alreadyTitle: 'Redan beslutat',
      expiredItem: 'Det här innehållet gick ut utan beslut. Inget ändrades.',
      approveTitle: 'Godkänna det här innehållet?',
      rejectTitle: 'Avvisa det här innehållet?',
      decidingAs: ['Du beslutar som ', '.'],
      approveInstead: 'Godkänn i stället',
      rejectInstead: 'Avvisa i stället',
      notUnderstood: (kind) => `Formuläret angav inte ${kind === 'approve' ? 'godkännande' : 'avvisning'}. Inget ändrades.`,
    },
  },
  refused: {
    title: 'Formuläret togs inte emot',
    notAccepted: 'Formuläret togs inte emot, och inget ändrades:',
    hint: 'kaiku tar bara emot formulär från sina egna sidor. Gå tillbaka, ladda om sidan och skicka formuläret igen.',
    reasons: {
      sameSite: 'webbläsaren uppger att det skickades från en annan webbplats på den här domänen',
      crossSite: 'webbläsaren uppger att det skickades från en annan webbplats',
      origin: (origin) => `det skickades från ${origin}, inte från kaiku`,
      noToken: 'formuläret saknar kaikus kontrollkod',
      noCookie: 'webbläsaren skickade inte kaikus formulärcookie',
      wrongToken: 'formulärets kontrollkod hör inte till den här sidan eller webbläsaren',
    },
  },
  oidc: {
    notSignedIn: 'Du är inte inloggad, och inget ändrades.',
    back: 'Tillbaka till inloggningssidan',
    unreachableTitle: (provider) => `${provider} svarar inte`,
    unreachable: (provider) => `kaiku kunde inte nå ${provider} för att logga in dig; försök igen om några minuter, eller fråga IT om tjänsten är nere`,
    invalidTitle: 'Inloggningen är inte giltig',
    notStarted: 'Den här inloggningen påbörjades inte i den här webbläsaren, eller så tog den längre än tio minuter; börja om',
    usedBefore: 'Det här inloggningssvaret har redan använts; börja om',
    notSignedInTitle: 'Inte inloggad',
    providerError: (provider, described) => `${provider} loggade inte in dig: ${described}`,
    notProved: (provider, detail) => `Svaret från ${provider} visade inte vem du är (${detail})`,
    refused: (provider, refusal) => {
      const but = (() => {
        switch (refusal.kind) {
          case 'groups overage':
            return 'ditt konto ingår i så många grupper att tjänsten skickade en länk till dem i stället för listan. Be IT att bara skicka de grupper som har tilldelats den här applikationen';
          case 'email not verified':
            return 'tjänsten uppger att din e-postadress inte är verifierad';
          case 'not an admin':
            return `du är inte administratör i ${refusal.program}`;
          case 'not in a group':
            return `du ingår inte i någon grupp som får logga in i ${refusal.program}`;
          case 'no email':
            return 'tjänsten skickade ingen e-postadress för dig';
          case 'another admin':
            return `${refusal.email} är en administratör med ett annat ${refusal.claim}-värde`;
        }
      })();
      return `${provider} identifierade dig, men ${but}`;
    },
  },
};

/** A local date (YYYY-MM-DD) as Finnish writes it: 2026-12-01 → 1.12.2026. */
function finnishDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${Number(day)}.${Number(month)}.${year}`;
}

/** A month (YYYY-MM) as `lang` names it: joulukuu 2026, december 2026. */
function monthName(month: string, lang: ConsoleLanguage): string {
  return new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T12:00:00Z`));
}

/** The console's words by language. */
export const CONSOLE_STRINGS: Readonly<Record<ConsoleLanguage, ConsoleStrings>> = { fi, sv, en };

/** Each language's own name, as the picker shows it (a Finn looking for Suomi in a Swedish console finds it). */
export const LANGUAGE_NAMES: Readonly<Record<ConsoleLanguage, string>> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };
