import { publicBaseUrl } from '../rules/approvals/addresses.js';
import type { KaikuConfig } from '../config/schema.js';
import type { DigestCandidate } from '../db/queries/digests.js';
import type { AdvocateRow } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { createDigestRenderer, type DigestEngagement, type DigestLinks } from '../rules/digests/digest-mail.js';
import { monthOf, monthWindow } from '../rules/digests/digest-moment.js';
import type { BoardRow } from '../db/queries/points.js';
import type { RenderedMail } from '../rules/mail/layout.js';
import type { Secret } from '../rules/tokens/secret.js';
import { digestLinks } from '../rules/digests/links.js';
import { createSelection, type SelectionAdvocate } from '../rules/digests/select-items.js';

/** What the selection reads of an advocate. */
export type ChoosableAdvocate = Pick<AdvocateRow, 'id'> & SelectionAdvocate;

export interface DigestPreview {
  advocate: { id: string; email: string; name: string; language: string };
  items: { id: string; title: string }[];
  mail: RenderedMail | null;
}

/** What goes into digests and how they read: shared by the sending activity, the CLI preview and the admin page. */
export function createDigestComposer(deps: { store: Store; config: KaikuConfig; secret: Secret }) {
  const { store, config } = deps;
  const renderer = createDigestRenderer({ programName: config.program.name, programNames: config.program.names, baseUrl: publicBaseUrl(config) });
  const lookbackStart = () => new Date(Date.now() - config.digest.lookback);

  function render(
    advocate: AdvocateRow,
    items: readonly DigestCandidate[],
    links: DigestLinks,
    form: 'text' | 'wire' = 'text',
    engagement?: DigestEngagement,
  ): RenderedMail {
    return renderer.render(
      { id: advocate.id, name: advocate.name, language: advocate.language, networks: advocate.networks },
      items.map((item) => ({
        id: item.id,
        url: item.url,
        title: item.title,
        summary: item.summary,
        imageUrl: item.image_url,
        sourceName: item.source_name,
        captions: item.captions,
      })),
      links,
      form,
      engagement,
    );
  }

  /**
   * This month's board (top 10, names only of those who opted in), the board of each advocate's branch when
   * the programme has several, and each advocate's own standing: loaded once per batch.
   */
  async function engagement(advocates: readonly AdvocateRow[]): Promise<(advocate: AdvocateRow) => DigestEngagement> {
    const window = monthWindow(monthOf(new Date(), config.program.timeZone), config.program.timeZone);
    const rowsOf = (board: BoardRow[]) => board.map(({ rank, name, branch, points }) => ({ rank, name, branch, points }));
    const [board, standings, branches] = await Promise.all([
      store.points.board({ ...window, limit: 10 }),
      store.points.standings(
        advocates.map((a) => String(a.id)),
        window,
      ),
      store.points.branches(),
    ]);
    const wanted = branches.length > 1 ? [...new Set(advocates.map((a) => a.branch).filter((b): b is string => !!b))] : [];
    const byBranch = new Map(
      await Promise.all(wanted.map(async (branch) => [branch, rowsOf(await store.points.board({ ...window, branch, limit: 10 }))] as const)),
    );
    const programRows = rowsOf(board);
    return (advocate) => {
      const branchRows = advocate.branch ? byBranch.get(advocate.branch) : undefined;
      return {
        board: programRows,
        ...(branchRows && branchRows.length > 0 ? { branch: { name: advocate.branch!, board: branchRows } } : {}),
        standing: standings.get(String(advocate.id)) ?? { points: 0, rank: null, of: 0 },
      };
    };
  }

  /** Loads the candidates and what these advocates already received, once; returns the per-advocate choice. */
  async function chooser(advocates: readonly ChoosableAdvocate[]): Promise<(advocate: ChoosableAdvocate) => DigestCandidate[]> {
    const candidates = await store.digests.candidates(lookbackStart());
    const received = await store.digests.received(
      advocates.map((a) => a.id),
      candidates.map((c) => c.id),
    );
    const select = createSelection(candidates, { maxItems: config.digest.maxItems, defaultLanguage: config.program.defaultLanguage, since: lookbackStart() });
    return (advocate) => select(advocate, received.get(String(advocate.id)));
  }

  return {
    render,
    chooser,
    engagement,
    links: (advocateId: string, now?: number) => digestLinks(config, deps.secret, advocateId, now),
    /** The digest this advocate would get now, rendered but neither sent nor recorded. */
    async preview(advocate: AdvocateRow): Promise<DigestPreview> {
      const items = (await chooser([advocate]))(advocate);
      const standing = (await engagement([advocate]))(advocate);
      return {
        advocate: { id: advocate.id, email: advocate.email, name: advocate.name, language: advocate.language },
        items: items.map((item) => ({ id: item.id, title: item.title })),
        mail: items.length > 0 ? render(advocate, items, digestLinks(config, deps.secret, advocate.id), 'text', standing) : null,
      };
    },
  };
}
