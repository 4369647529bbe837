import { html } from 'hono/html';
import type { Context, Hono } from 'hono';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import type { ItemRow } from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import { CAPTION_ENTITIES } from '../../db/queries/caption-templates.js';
import type { Network } from '../../model/item.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { NETWORK_NAMES, NETWORK_RULES, NETWORKS } from '../../rules/captions/caption-limits.js';
import { DEFAULT_TEMPLATE, MAX_VARIANTS, parseTemplate, renderTemplate, templateLength } from '../../rules/captions/caption-templates.js';
import { programHashtags, type ProgramHashtags } from '../../rules/captions/program-hashtags.js';
import { proposeCaptions } from '../../rules/captions/captions.js';
import { languageName } from '../../rules/urgent/urgent-audience.js';
import type { AdminSession } from '../session.js';
import type { HealthChecks } from '../health-checks.js';
import { formField, postedConsoleForm } from '../form-guard.js';
import { layout } from '../pages/layout.js';
import { adminHeader } from '../pages/admin-header.js';
import { auditTrail } from '../pages/audit-trail.js';
import { CAPTION_PAGE_CSP, countTemplates, counterText } from '../pages/caption-counter.js';
import { auditedChange } from '../console/audited-change.js';
import { readHashtagsForm, readTemplateForm, type TemplateErrors, type TemplateFields } from '../console/caption-form.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { consoleLanguage } from '../console/console-language.js';
import { CONSOLE_STRINGS } from '../console/console-strings.js';

// Captions: the templates per network × language (up to three variants each; each advocate gets one), with a live
// counter against the network's limit, a preview for the newest item, and the programme's hashtags when kaiku.yaml
// sets none. Stored in the database, every change in the audit trail; proposals read them in the approval activity.
// In the admin's language (issue 17); the trail's entries stay as they were recorded, in English.

type AdminContext = Context<{ Variables: { admin: AdminSession } }>;
export interface CaptionDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  log: Logger;
  health?: HealthChecks | undefined;
}

// The link a template is counted with when there is no item yet to preview: as long as a typical news link.
const SAMPLE_LINK = 'https://www.example.org/news/2026/a-typical-article';

interface PageState {
  fields?: TemplateFields;
  errors?: TemplateErrors;
  previewed?: boolean;
  done?: string;
  hashtagsTyped?: string;
  hashtagsError?: string;
}

export function addCaptionPages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: CaptionDeps) {
  const log = deps.log.child({ component: 'captions' });
  const program = deps.config.program;
  const languages = program.languages ?? [program.defaultLanguage];
  const zone = program.timeZone;
  const field = (c: AdminContext, action: string) => formField(c, deps, action, c.get('admin').id);
  const variantEntry = (bodies: readonly string[]) => Object.fromEntries(bodies.map((body, index) => [`variant ${index + 1}`, body]));

  const hashtags = async (): Promise<ProgramHashtags> => programHashtags(program.hashtags, await deps.store.captions.hashtags());

  function chosen(c: AdminContext): { network: Network; language: string } {
    const network = c.req.query('network');
    const language = c.req.query('language');
    return {
      network: (NETWORKS as readonly string[]).includes(network ?? '') ? (network as Network) : 'linkedin',
      language: languages.includes(language ?? '') ? language! : program.defaultLanguage,
    };
  }

  async function page(c: AdminContext, at: { network: Network; language: string }, state: PageState = {}) {
    const lang = consoleLanguage(c);
    const t = CONSOLE_STRINGS[lang].captions;
    const named = languageNameIn(lang);
    const how = t.howPlaceholders;
    const [stored, trail, names, tags, item] = await Promise.all([
      deps.store.captions.all(),
      deps.store.captions.trail(),
      deps.store.admins.names(deps.config),
      hashtags(),
      deps.store.captions.previewItem(at.language),
    ]);
    const link = item?.url ?? SAMPLE_LINK;
    const storedHere = stored.filter((row) => row.network === at.network && row.language === at.language).map((row) => row.body);
    const fields = state.fields ?? { ...at, variants: Array.from({ length: MAX_VARIANTS }, (_, i) => storedHere[i] ?? '') };
    const errors = state.errors ?? {};
    const rule = NETWORK_RULES[fields.network];
    const name = NETWORK_NAMES[fields.network];
    const action = '/admin/captions/template';
    const count = (variant: string) => {
      if (variant.trim() === '') return 0;
      const parsed = parseTemplate(variant);
      return parsed.ok ? templateLength(parsed.pieces, fields.network, link, tags.tags).length : 0;
    };
    const counter = (length: number) => counterText(length, rule.limit, t.counter);

    const overview = html`<div class="table-scroll" tabindex="0">
      <table class="caption-templates">
        <caption>
          ${t.overview}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t.network}</th>
            ${languages.map((language) => html`<th scope="col">${named(language)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${NETWORKS.map(
            (network) =>
              html`<tr data-network="${network}">
                <th scope="row">${NETWORK_NAMES[network]}</th>
                ${languages.map((language) => {
                  const n = stored.filter((row) => row.network === network && row.language === language).length;
                  const current = network === fields.network && language === fields.language;
                  return html`<td data-language="${language}">
                    <a href="/admin/captions?network=${network}&amp;language=${language}" ${current ? html`aria-current="true"` : ''}
                      >${t.templates(n)}<span class="visually-hidden">: ${NETWORK_NAMES[network]}, ${named(language)}</span></a
                    >
                  </td>`;
                })}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;

    const editor = html`<form class="panel caption-editor" method="post" action="${action}" id="template-form">
      ${field(c, action)}
      <input type="hidden" name="network" value="${fields.network}" />
      <input type="hidden" name="language" value="${fields.language}" />
      <h2 id="editor-heading">${t.editorHeading(name, named(fields.language))}</h2>
      ${errors.form ? html`<p class="error" role="alert" id="form-error">${errors.form}</p>` : ''}
      <p id="limit-hint">${t.limitHint(name, rule.limit, t.unit(fields.network, rule.unit))}</p>
      ${fields.variants.map((variant, index) => {
        const key = `variant${index + 1}`;
        const error = errors[key];
        const length = count(variant);
        return html`<div class="field">
          <label for="${key}">${t.variant(index + 1, index > 0)}</label>
          <textarea
            id="${key}"
            name="${key}"
            rows="6"
            data-counter="${key}-count"
            data-network="${fields.network}"
            data-limit="${rule.limit}"
            data-link="${link}"
            data-hashtags="${tags.tags.join(' ')}"
            ${error ? html`aria-invalid="true" aria-describedby="${key}-error ${key}-count"` : html`aria-describedby="${key}-count limit-hint"`}
          >
${variant}</textarea>
          <p class="muted">
            ${t.length}
            <output id="${key}-count" class="${length > rule.limit ? 'over' : ''}" aria-live="polite" data-of="${t.counter.of}" data-over="${t.counter.over}"
              >${counter(length)}</output
            >
          </p>
          ${error ? html`<p class="error" id="${key}-error">${error}</p>` : ''}
        </div>`;
      })}
      <p>
        <button type="submit" name="intent" value="preview">${t.preview}</button>
        <button type="submit" name="intent" value="save" class="approve">${t.save}</button>
      </p>
    </form>`;

    const previewVariants = fields.variants.filter((variant) => variant.trim() !== '');
    const shown = previewVariants.length > 0 ? previewVariants : [DEFAULT_TEMPLATE];
    const preview = !item
      ? html`<p class="empty" id="no-preview-item">${t.noPreviewItem}</p>`
      : html`<p>
            ${t.newestItem(
              item.language === fields.language ? undefined : { wanted: named(fields.language), found: named(item.language ?? program.defaultLanguage) },
            )}
            <a href="/admin/items/${item.id}">${item.title}</a>${previewVariants.length === 0 ? t.defaultShown : ''}.
          </p>
          ${shown.map((template, index) => previewOf(template, index, item))}`;

    function previewOf(template: string, index: number, row: ItemRow) {
      const parsed = parseTemplate(template);
      if (!parsed.ok) return html`<p class="muted" data-preview="${index + 1}">${t.notPreviewed(index + 1)}</p>`;
      const input = { title: row.title, summary: row.summary, url: row.url, language: fields.language, hashtags: tags.tags };
      // The default is fitted to the length today's proposal aims at; a written template to the network's limit.
      const caption = previewVariants.length === 0 ? proposalFor(input, fields.network) : renderTemplate(parsed.pieces, input, fields.network);
      return html`<figure class="caption-preview" data-preview="${index + 1}">
        <figcaption>${t.previewOf(index + 1, counter(rule.count(caption)))}</figcaption>
        <pre class="caption">${caption}</pre>
      </figure>`;
    }

    const hashtagSection = html`<section class="panel" aria-labelledby="hashtags-heading" id="hashtags">
      <h2 id="hashtags-heading">${t.hashtags.heading}</h2>
      ${
        tags.from === 'kaiku.yaml'
          ? html`<p id="hashtags-yaml">${tags.tags.join(' ')} <span class="badge">${t.hashtags.setInYaml}</span></p>
              <p class="muted">${t.hashtags.readOnly}</p>`
          : html`<form method="post" action="/admin/captions/hashtags">
              ${field(c, '/admin/captions/hashtags')}
              <div class="field">
                <label for="hashtags-field">${t.hashtags.label}</label>
                <input
                  id="hashtags-field"
                  name="hashtags"
                  value="${state.hashtagsTyped ?? tags.tags.join(' ')}"
                  ${state.hashtagsError ? html`aria-invalid="true" aria-describedby="hashtags-error"` : html`aria-describedby="hashtags-hint"`}
                />
                <p class="muted" id="hashtags-hint">${t.hashtags.hint}</p>
                ${state.hashtagsError ? html`<p class="error" id="hashtags-error">${state.hashtagsError}</p>` : ''}
              </div>
              <p><button type="submit">${t.hashtags.save}</button></p>
            </form>`
      }
    </section>`;

    const body = html`${adminHeader(c, deps, 'captions')}
      <main class="captions-page">
        <h1>${t.title}</h1>
        ${state.done ? html`<div class="notice ok" role="status" id="captions-done">${state.done}</div>` : ''}
        ${Object.keys(errors).length > 0 && !state.previewed ? html`<div class="notice bad" role="alert" id="captions-error">${t.notSaved}</div>` : ''}
        <section aria-labelledby="how-heading">
          <h2 id="how-heading">${t.howHeading}</h2>
          <p>${how[0]}<code>{title}</code>${how[1]}<code>{summary}</code>${how[2]}<code>{link}</code>${how[3]}<code>{hashtags}</code>${how[4]}</p>
          <p>${t.howVariants}<code>${DEFAULT_TEMPLATE.replace(/\n/g, ' ↵ ')}</code>.</p>
        </section>
        ${hashtagSection} ${overview} ${editor}
        <section aria-labelledby="preview-heading" id="preview">
          <h2 id="preview-heading">${t.previewHeading}</h2>
          ${preview}
        </section>
        ${auditTrail({ rows: trail, names }, zone, { language: lang })}
      </main>
      ${countTemplates()}`;
    c.header('content-security-policy', CAPTION_PAGE_CSP);
    return layout(t.title, body, lang);
  }

  /** `GET /admin/captions?network=linkedin&language=fi`: the templates, the chosen one's editor and preview, the hashtags and the trail. */
  app.get('/captions', async (c) => {
    const saved = c.req.query('saved');
    const t = CONSOLE_STRINGS[consoleLanguage(c)].captions;
    const done = saved === 'template' ? t.templatesSaved : saved === 'hashtags' ? t.hashtags.saved : undefined;
    return c.html(await page(c, chosen(c), done ? { done } : {}));
  });

  /**
   * `POST /admin/captions/template` (network, language, variant1…variant3, intent=preview|save): previews the
   * templates, or saves them with their trail entry; refused with each field's reason, nothing stored.
   *
   * @example
   * curl -b … -d network=linkedin -d language=fi -d 'variant1={title} {link}' -d intent=save https://kaiku.example/admin/captions/template
   */
  app.post('/captions/template', async (c) => {
    const body = await postedConsoleForm(c, deps, log);
    if (body instanceof Response) return body;
    const tags = (await hashtags()).tags;
    const language = typeof body.language === 'string' && languages.includes(body.language) ? body.language : program.defaultLanguage;
    const item = await deps.store.captions.previewItem(language);
    const read = readTemplateForm(body, languages, item?.url ?? SAMPLE_LINK, tags, CONSOLE_STRINGS[consoleLanguage(c)].captions.refused);
    const at = { network: read.fields.network, language: languages.includes(read.fields.language) ? read.fields.language : program.defaultLanguage };
    if (body.intent === 'preview') return c.html(await page(c, at, { fields: read.fields, previewed: true, ...(read.ok ? {} : { errors: read.errors }) }));
    if (!read.ok) return c.html(await page(c, at, { fields: read.fields, errors: read.errors }), 400);
    const admin = c.get('admin').email;
    const { network } = read.fields;
    const before = await deps.store.captions.of(network, language);
    if (JSON.stringify(before) !== JSON.stringify(read.bodies)) {
      await auditedChange(
        deps.store,
        {
          actor: admin,
          entity: CAPTION_ENTITIES.template,
          entityId: `${network}/${language}`,
          action:
            read.bodies.length === 0
              ? `reset the ${NETWORK_NAMES[network]} template in ${languageName(language)} to the default`
              : `changed the ${NETWORK_NAMES[network]} template in ${languageName(language)}`,
        },
        async (tx) => {
          await tx.captions.replace(network, language, read.bodies);
          return { before: variantEntry(before), after: variantEntry(read.bodies), value: undefined };
        },
      );
      log.info({ admin, network, language, variants: read.bodies.length }, 'caption templates saved');
    }
    return c.redirect(`/admin/captions?network=${network}&language=${language}&saved=template`, 303);
  });

  /** `POST /admin/captions/hashtags` (hashtags="#Kaiku #City"): the programme's hashtags, when kaiku.yaml sets none. */
  app.post('/captions/hashtags', async (c) => {
    const body = await postedConsoleForm(c, deps, log);
    if (body instanceof Response) return body;
    const at = chosen(c);
    const current = await hashtags();
    const t = CONSOLE_STRINGS[consoleLanguage(c)].captions.hashtags;
    if (current.from === 'kaiku.yaml') return c.html(await page(c, at, { hashtagsError: t.inYaml }), 409);
    const read = readHashtagsForm(body, t.refused);
    if (!read.ok) return c.html(await page(c, at, { hashtagsTyped: read.typed, hashtagsError: read.error }), 400);
    if (JSON.stringify(current.tags) !== JSON.stringify(read.tags)) {
      await auditedChange(
        deps.store,
        { actor: c.get('admin').email, entity: CAPTION_ENTITIES.hashtags, entityId: 'program', action: 'changed the programme hashtags' },
        async (tx) => {
          await tx.captions.setHashtags(read.tags);
          return { before: { hashtags: [...current.tags] }, after: { hashtags: read.tags }, value: undefined };
        },
      );
    }
    return c.redirect('/admin/captions?saved=hashtags', 303);
  });
}

/** Today's proposal for one network, for the preview of a network × language with no template. */
function proposalFor(input: Parameters<typeof renderTemplate>[1], network: Network): string {
  return proposeCaptions(input).networks[network];
}

/** A language code named in the console's language: English's own names, Intl's in Finnish and Swedish (fi: suomi in Finnish, finska in Swedish). */
function languageNameIn(lang: ConsoleLanguage): (code: string) => string {
  if (lang === 'en') return languageName;
  const names = new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' });
  return (code) => names.of(code) ?? code;
}
