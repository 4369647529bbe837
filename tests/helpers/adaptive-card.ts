import { join } from 'node:path';
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loopbackContext } from './browser.js';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';
import type { AdaptiveCard } from '../../integrations/teams/approval-card.js';

/**
 * Renders a Teams card with Microsoft's Adaptive Cards renderer (the `adaptivecards` npm package, the one Teams'
 * web client is built on) in Chromium and screenshots it to test-results/teams-card-<name>.png. An Action.OpenUrl
 * clicked on the page is recorded in `window.kaikuOpened` (the renderer leaves opening it to the host, as Teams does).
 */
export async function renderAdaptiveCard(browser: Browser, card: AdaptiveCard, name: string): Promise<{ page: Page; elsewhere: string[] }> {
  const { context, elsewhere } = await loopbackContext(browser);
  const page = await context.newPage();
  await page.setViewportSize({ width: 560, height: 900 });
  await page.setContent('<!doctype html><html><body style="margin:16px;font-family:sans-serif;background:#f5f5f5"><div id="card"></div></body></html>');
  await page.addStyleTag({ path: join(PROJECT_ROOT, 'node_modules/adaptivecards/dist/adaptivecards.css') });
  await page.addScriptTag({ path: join(PROJECT_ROOT, 'node_modules/adaptivecards/dist/adaptivecards.js') });
  const errors = await page.evaluate((json) => {
    const ac = (window as any).AdaptiveCards;
    // Teams reads Markdown in TextBlocks (links, bold): so does this page, so that feed text in one would show as a link here.
    ac.AdaptiveCard.onProcessMarkdown = (markdown: string, result: { outputHtml?: string; didProcess: boolean }) => {
      result.outputHtml = markdown.replace(/\[([^\]]+)\]\(([^)]+)\)/g, '<a href="$2">$1</a>').replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>');
      result.didProcess = true;
    };
    const adaptive = new ac.AdaptiveCard();
    (window as any).kaikuOpened = [];
    adaptive.onExecuteAction = (action: { url?: string }) => (window as any).kaikuOpened.push(action.url);
    const context = new ac.SerializationContext();
    adaptive.parse(json, context);
    document.getElementById('card')!.appendChild(adaptive.render());
    return context.eventCount;
  }, card);
  expect(errors).toBe(0);
  await page.screenshot({ path: join(PROJECT_ROOT, 'test-results', `teams-card-${name}.png`), fullPage: true });
  return { page, elsewhere };
}
