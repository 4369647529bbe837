import { html } from 'hono/html';
import type { HealthReport } from '../health-checks.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { CONSOLE_STRINGS } from '../console/console-strings.js';

/** The admin pages' warning while a dependency is down, one line per dependency (in `language`); empty while all answer. */
export function healthBanner(report: HealthReport | undefined, language: ConsoleLanguage = 'en') {
  const whatItMeans = CONSOLE_STRINGS[language].health;
  if (!report || report.status === 'ok') return '';
  const down = (Object.keys(report.checks) as (keyof HealthReport['checks'])[]).filter((name) => report.checks[name]?.ok === false);
  return html`<div class="notice bad health-banner" role="alert" lang="${language}">
    ${down.map((name) => html`<p data-down="${name}">${whatItMeans[name]}</p>`)}
  </div>`;
}
