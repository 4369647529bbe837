import { html } from 'hono/html';
import type { HealthReport } from '../health-checks.js';

const WHAT_IT_MEANS: Record<keyof HealthReport['checks'], string> = {
  database: 'kaiku cannot reach its database: pages may fail and nothing new can be recorded until it is back.',
  temporal: 'kaiku cannot reach Temporal: decisions and sign-in links cannot be taken for a moment; nothing is lost, try again when this banner is gone.',
  workers: 'No kaiku worker is polling its task queue: polls, approval mails and digests wait until one runs (`kaiku worker`).',
  smtp: 'The SMTP server does not answer: mail waits and is retried; nothing is lost.',
};

/** The admin pages' warning while a dependency is down, one line per dependency; empty while all answer. */
export function healthBanner(report: HealthReport | undefined) {
  if (!report || report.status === 'ok') return '';
  const down = (Object.keys(report.checks) as (keyof HealthReport['checks'])[]).filter((name) => report.checks[name]?.ok === false);
  return html`<div class="notice bad health-banner" role="alert">${down.map((name) => html`<p data-down="${name}">${WHAT_IT_MEANS[name]}</p>`)}</div>`;
}
