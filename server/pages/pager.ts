import { html } from 'hono/html';
import type { ListPage, PageRequest } from '../../db/queries/list-page.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { CONSOLE_STRINGS } from '../console/console-strings.js';
import { numberText } from '../console/number-text.js';

// The console's long lists a page at a time: a search box and a sort order (a GET form, so a page is a link
// to keep or share), "51–100 of 2,434", and links to the first, previous, next and last pages.

/** The page a query string asks for: `after=` or `before=` a cursor, or `page=last`; the first otherwise. */
export function pageRequest(query: (name: string) => string | undefined, limit: number): PageRequest {
  const after = query('after') || undefined;
  const before = after ? undefined : query('before') || undefined;
  return { after, before, last: !after && !before && query('page') === 'last', limit };
}

/** A link to `path` with `params` (empty ones left out) and one page parameter. */
function href(path: string, params: Record<string, string | undefined>, page: Record<string, string>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...params, ...page })) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** "51–100 of 2,434" ("51–100 / 2 434", "51–100 av 2 434") and the links to the other pages; the filters in `params` carry over. */
export function pager(page: ListPage<unknown>, path: string, params: Record<string, string | undefined>, noun: string, language: ConsoleLanguage = 'en') {
  const t = CONSOLE_STRINGS[language].pager;
  const number = (n: number) => numberText(n, language);
  const shown =
    page.total === 0
      ? t.none(noun)
      : page.rows.length === page.total
        ? t.all(number(page.total), noun)
        : t.range(number(page.offset + 1), number(page.offset + page.rows.length), number(page.total), noun);
  const link = (rel: string, label: string, target: Record<string, string> | null) =>
    target ? html`<a rel="${rel}" href="${href(path, params, target)}">${label}</a>` : html`<span class="muted">${label}</span>`;
  return html`<nav class="pager" aria-label="${t.label}">
    <span>${shown}</span>
    ${
      page.previous || page.next
        ? html`${link('first', t.first, page.previous ? {} : null)} ${link('prev', t.previous, page.previous ? { before: page.previous } : null)}
          ${link('next', t.next, page.next ? { after: page.next } : null)} ${link('last', t.last, page.next ? { page: 'last' } : null)}`
        : ''
    }
  </nav>`;
}

/** The search box and sort order of a list (after the list's own `filters`), its other parameters kept as hidden fields. */
export function listSearch(options: {
  path: string;
  label: string;
  search: string;
  sort: string;
  sorts: readonly (readonly [string, string])[];
  hidden?: Record<string, string | undefined>;
  filters?: unknown;
  language?: ConsoleLanguage;
}) {
  const t = CONSOLE_STRINGS[options.language ?? 'en'].pager;
  return html`<form method="get" action="${options.path}" class="list-search" role="search">
    ${Object.entries(options.hidden ?? {}).map(([name, value]) => (value ? html`<input type="hidden" name="${name}" value="${value}" />` : ''))}
    ${options.filters ?? ''}
    <label
      >${options.label}
      <input type="search" name="q" value="${options.search}" maxlength="200" />
    </label>
    <label
      >${t.sort}
      <select name="sort">
        ${options.sorts.map(([value, label]) => html`<option value="${value}" ${value === options.sort ? 'selected' : ''}>${label}</option>`)}
      </select></label
    >
    <button type="submit">${t.search}</button>
  </form>`;
}
