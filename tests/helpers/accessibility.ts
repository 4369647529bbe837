import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** WCAG 2.1 A and AA, which the public bodies running kaiku must meet. */
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** What axe-core found on one page. */
export interface Figures {
  page: string;
  passes: number;
  violations: Record<string, number>;
  serious: string[];
}

/** axe on the page as it is now: its passes and violations by impact, and the serious or critical ones spelled out. */
export async function audit(page: Page, name: string): Promise<Figures> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const violations: Record<string, number> = {};
  for (const v of result.violations) violations[v.impact ?? 'unknown'] = (violations[v.impact ?? 'unknown'] ?? 0) + v.nodes.length;
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ')}`));
  return { page: name, passes: result.passes.length, violations, serious };
}

/** The figures as printed beside the screenshots: a title, then per page its passes and violations by impact. */
export function auditTable(title: string, figures: readonly Figures[]): string {
  return [title]
    .concat(
      figures.map(
        (f) =>
          `  ${f.page}: ${f.passes} passed; ${
            Object.entries(f.violations)
              .map(([impact, n]) => `${impact} ${n}`)
              .join(', ') || 'no violations'
          }`,
      ),
    )
    .join('\n');
}

/** Every serious or critical violation, each named with its page: the list a test expects to be empty. */
export const seriousOf = (figures: readonly Figures[]): string[] => figures.flatMap((f) => f.serious.map((s) => `${f.page}: ${s}`));
