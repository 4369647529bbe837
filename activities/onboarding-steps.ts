import { programNameIn } from '../config/program-name.js';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../config/schema.js';
import type { Store } from '../db/store.js';
import type { Mailer } from '../integrations/email/mailer.js';
import { digestMomentOf, localDate } from '../rules/digests/digest-moment.js';
import { digestLinks, preferencesUrl, trackedUrl } from '../rules/digests/links.js';
import { personalCaption } from '../rules/digests/share-target.js';
import { renderOnboardingMail } from '../rules/onboarding/onboarding-mail.js';
import { isWeekday, onboardingDecision } from '../rules/onboarding/onboarding-plan.js';
import type { Secret } from '../rules/tokens/secret.js';
import { currentActivity } from './activity-context.js';
import { createKeyedMail } from './keyed-mail.js';
import { captionFor } from '../rules/captions/caption-variants.js';

export interface OnboardingStepsDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  mailer: Mailer;
  log: Logger;
}

const DAY_MS = 24 * 3_600_000;
// One round handles this many at most; the rest are the next day's (a roster of thousands joins over weeks).
const ROUND_LIMIT = 5000;

export interface OnboardingRoundResult {
  enrolled: number;
  sent: number;
  waiting: number;
  finished: number;
}

export function createOnboardingSteps(deps: OnboardingStepsDeps) {
  const { store, config, log } = deps;
  const sendKeyed = createKeyedMail(deps);
  const digestDay = digestMomentOf(config.digest).weekday;

  return {
    /**
     * The day's welcome mails, in one batch: advocates who joined since onboarding was turned on are enrolled,
     * then each enrolled one whose next step is due gets it (one a day; none on a digest's or a nudge's day).
     */
    async sendOnboarding(input: { at: string }): Promise<OnboardingRoundResult> {
      const result: OnboardingRoundResult = { enrolled: 0, sent: 0, waiting: 0, finished: 0 };
      const settings = config.onboarding;
      if (!settings.enabled) return result;
      const at = new Date(input.at);
      const startedAt = await store.onboarding.start(at);
      result.enrolled = await store.onboarding.enrolJoinedSince(startedAt);
      const activity = currentActivity();
      let best: Awaited<ReturnType<Store['onboarding']['bestItems']>> | undefined;
      for (const row of await store.onboarding.open(localDate(at, config.program.timeZone), ROUND_LIMIT)) {
        activity?.heartbeat();
        const { advocate } = row;
        const zone = advocate.time_zone;
        const today = localDate(at, zone);
        const decision = onboardingDecision(settings.steps, row, {
          at,
          today,
          digestToday: isWeekday(at, zone, digestDay) || (advocate.last_digest_at !== null && localDate(advocate.last_digest_at, zone) === today),
          nudgedToday: advocate.last_nudged_at !== null && localDate(advocate.last_nudged_at, zone) === today,
        });
        if (decision.kind === 'finished') {
          await store.onboarding.finish(advocate.id);
          result.finished++;
          continue;
        }
        if (decision.kind === 'wait') {
          if (decision.why !== 'not due') log.debug({ advocateId: advocate.id, why: decision.why }, 'onboarding step waits');
          result.waiting++;
          continue;
        }
        const step = settings.steps[decision.step]!;
        let items;
        if (step.kind === 'first-posts') {
          best ??= await store.onboarding.bestItems(new Date(at.getTime() - 7 * DAY_MS), new Date(at.getTime() - config.digest.lookback), settings.firstPosts);
          const network = advocate.networks[0] ?? 'linkedin';
          const links = digestLinks(config, deps.secret, advocate.id, at.getTime());
          items = best.map((item) => ({
            title: item.title,
            url: item.url,
            network,
            caption: personalCaption(
              network,
              captionFor(item.captions, network, advocate.id, item.id),
              item.url,
              trackedUrl(config, deps.secret, advocate.id, item.id),
            ),
            shareUrl: links.share(item.id, network),
          }));
          // "Your first posts" with nothing approved would be an empty promise: it waits for content.
          if (items.length === 0) {
            result.waiting++;
            continue;
          }
        }
        const mail = renderOnboardingMail({
          kind: step.kind,
          advocate,
          programName: programNameIn(config.program, advocate.language),
          subject: step.subject,
          intro: step.intro,
          guideline: settings.guideline,
          preferencesUrl: preferencesUrl(config, deps.secret, advocate.id, at.getTime()),
          ...(items ? { items } : {}),
        });
        await sendKeyed({ key: `onboarding:${advocate.id}:${decision.step}`, kind: 'onboarding', to: advocate.email, mail });
        await store.onboarding.advance(advocate.id, decision.step, today, decision.step + 1 >= settings.steps.length);
        result.sent++;
      }
      if (result.sent + result.enrolled > 0) log.info({ ...result }, 'onboarding round');
      return result;
    },

    /** Enrols advocates on the admin's word: everyone not enrolled (those on the roster before), or these addresses. */
    async enrolOnboarding(input: { all?: boolean; emails?: string[]; at: string }): Promise<{ enrolled: number; unknown: string[] }> {
      const emails = (input.emails ?? []).map((email) => email.trim().toLowerCase());
      const unknown: string[] = [];
      // An address not on the roster is named back, so a typo is not taken for "already enrolled".
      for (const email of emails) if (!(await store.advocates.byEmail(email))) unknown.push(email);
      const enrolled = await store.onboarding.enrol(input.all ? { all: true } : { emails }, new Date(input.at));
      log.info({ enrolled, all: input.all === true, unknown: unknown.length }, 'advocates enrolled in onboarding');
      return { enrolled, unknown };
    },
  };
}
