// Which onboarding mail an advocate gets today, if any. Pure: the daily round's activity asks it for each
// enrolled advocate. A step is due once its `after` has passed since they joined; at most one onboarding
// mail a day, and none on a day a digest or a nudge reaches them (the welcome waits a day rather than pile up).

export interface OnboardingProgress {
  enrolledAt: Date;
  /** How many steps were sent. */
  nextStep: number;
  /** The advocate's local date of the last onboarding mail. */
  lastSentOn: string | null;
}

export interface OnboardingDay {
  at: Date;
  /** The advocate's local date. */
  today: string;
  /** A digest reaches them today (sent already, or due later today). */
  digestToday: boolean;
  nudgedToday: boolean;
}

export type OnboardingDecision =
  { kind: 'send'; step: number } | { kind: 'wait'; why: 'not due' | 'mailed today' | 'digest today' | 'nudged today' } | { kind: 'finished' };

/**
 * @example
 * onboardingDecision([{ after: 0 }, { after: 3 * 86_400_000 }], { enrolledAt, nextStep: 1, lastSentOn: '2026-12-01' }, day);
 * // { kind: 'wait', why: 'not due' } until three days after enrolledAt, then { kind: 'send', step: 1 }
 */
export function onboardingDecision(steps: readonly { after: number }[], progress: OnboardingProgress, day: OnboardingDay): OnboardingDecision {
  const step = steps[progress.nextStep];
  if (!step) return { kind: 'finished' };
  if (progress.enrolledAt.getTime() + step.after > day.at.getTime()) return { kind: 'wait', why: 'not due' };
  if (progress.lastSentOn === day.today) return { kind: 'wait', why: 'mailed today' };
  if (day.digestToday) return { kind: 'wait', why: 'digest today' };
  if (day.nudgedToday) return { kind: 'wait', why: 'nudged today' };
  return { kind: 'send', step: progress.nextStep };
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Whether `at`'s local day, in `timeZone`, is the weekly digest's day (1 = Monday … 7 = Sunday). */
export function isWeekday(at: Date, timeZone: string, weekday: number): boolean {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short' }).format(at);
  return WEEKDAYS[name] === weekday;
}
