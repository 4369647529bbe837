import { FeedParseError } from './feed-error.js';
import { XML_NS, attribute, textOf, type XmlElement } from './xml-tree.js';

// rss-parser reads element names as written (it is not namespace-aware), needs `<rss version="2…">`, and gives an
// object where a title holds markup. This rewrites a feed's tree into the one spelling it reads: the feed's own
// elements unprefixed, known modules under their usual prefixes, every text construct as HTML text (xhtml
// serialised, base64 decoded), every link absolute against its xml:base or the URL the feed came from, dates that
// do not parse left out, CDF mapped to RSS. Each item gets `<kaiku:base>`, for the URLs inside its HTML.

export type FeedFormat = 'rss2' | 'rss1' | 'atom' | 'json';

const ATOM = /^(http:\/\/www\.w3\.org\/2005\/atom|http:\/\/purl\.org\/atom\/ns#.*)$/i;
const RSS_FAMILY = new Set([
  '',
  'http://purl.org/rss/1.0/',
  'http://my.netscape.com/rdf/simple/0.9/',
  'http://backend.userland.com/rss2',
  'http://backend.userland.com/rss',
]);
const PREFIXES: Record<string, string> = {
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.itunes.com/DTDs/Podcast-1.0.dtd': 'itunes',
  'http://purl.oclc.org/net/rss_2.0/enc#': 'enc',
  'http://www.w3.org/1999/xhtml': 'xhtml',
};
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XHTML = 'http://www.w3.org/1999/xhtml';

// Elements whose content is text for a reader (markup in them is shown, not nested).
const ATOM_TEXT = new Set(['title', 'subtitle', 'tagline', 'summary', 'content', 'rights', 'copyright', 'info']);
const RSS_TEXT = new Set(['title', 'description', 'author', 'category', 'copyright', 'comments', 'name', 'abstract', 'summary']);
const MODULE_TEXT = /^(dc:.*|dcterms:.*|content:encoded|media:(title|description|text|keywords)|itunes:(summary|subtitle|author|title))$/;
const DATES = /^(pubDate|lastBuildDate|published|updated|dc:date|dcterms:(created|modified|issued))$/;
const ATOM03_RENAMES: Record<string, string> = { issued: 'published', modified: 'updated', tagline: 'subtitle', copyright: 'rights' };
// RSS's own elements as they are spelled; feeds from the wild use any case (iTunes reads them case-insensitively).
const RSS_NAMES = new Map(
  [
    'channel',
    'item',
    'title',
    'link',
    'description',
    'guid',
    'pubDate',
    'lastBuildDate',
    'category',
    'author',
    'enclosure',
    'comments',
    'language',
    'copyright',
    'image',
    'url',
    'source',
  ].map((name) => [name.toLowerCase(), name]),
);
const VOID_HTML = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

export interface CanonicalFeed {
  format: Exclude<FeedFormat, 'json'>;
  xml: string;
  /** xml:lang of the root or channel, when the feed gives one. */
  xmlLang: string | undefined;
  /** What the feed lacks but kaiku read anyway. */
  warnings: string[];
}

/** The canonical XML of a feed tree; throws `FeedParseError` for a document that is not RSS, Atom, RDF or CDF. */
export function canonicalFeedXml(root: XmlElement): CanonicalFeed {
  const format = formatOf(root);
  const xmlLang =
    attribute(root, 'lang', XML_NS) ??
    root.children
      .filter(isElement)
      .map((c) => attribute(c, 'lang', XML_NS))
      .find(Boolean);
  const warnings: string[] = [];
  const channel = root.children.filter(isElement).find((c) => c.local.toLowerCase() === 'channel');
  if (!channel && (format === 'rss1' || root.local.toLowerCase() === 'rss')) {
    // rss-parser needs one; the feed has no items in any case.
    root.children.push({
      uri: format === 'rss1' ? 'http://purl.org/rss/1.0/' : root.uri,
      local: 'channel',
      prefix: '',
      attributes: [],
      children: [],
      base: root.base,
    });
    warnings.push('it is an RSS feed without a <channel>, so it has no items');
  }
  return { format, xml: new Writer(root, format).document(), xmlLang, warnings };
}

function formatOf(root: XmlElement): CanonicalFeed['format'] {
  const local = root.local.toLowerCase();
  if (local === 'rss') return 'rss2';
  if (root.uri === RDF && root.local === 'RDF') return 'rss1';
  if (root.local === 'feed' && ATOM.test(root.uri)) return 'atom';
  if (local === 'channel' && root.uri === '') return 'rss2'; // Microsoft's CDF
  if (root.local === 'feed') {
    throw new FeedParseError('the XML has a <feed> root without the Atom namespace (xmlns="http://www.w3.org/2005/Atom"), so it is not an Atom feed');
  }
  if (local === 'html') throw new FeedParseError('this is an HTML page, not a feed');
  throw new FeedParseError(`the XML is not a feed: its root element is <${root.prefix ? `${root.prefix}:` : ''}${root.local}>, not <rss>, <feed> or <rdf:RDF>`);
}

class Writer {
  readonly #out: string[] = [];
  readonly #rootUri: string;
  readonly #format: CanonicalFeed['format'];
  readonly #cdf: boolean;

  constructor(
    readonly root: XmlElement,
    format: CanonicalFeed['format'],
  ) {
    this.#rootUri = root.uri;
    this.#format = format;
    this.#cdf = root.local.toLowerCase() === 'channel';
  }

  document(): string {
    if (this.#cdf) {
      this.#out.push('<rss version="2.0">');
      this.#element(this.root, 'channel');
      this.#out.push('</rss>');
    } else {
      this.#element(this.root);
    }
    return this.#out.join('');
  }

  /** The name rss-parser expects, or undefined for an element it need not see (xhtml outside a text construct). */
  #name(element: XmlElement): string {
    if (this.#cdf) return element.local.toLowerCase() === 'abstract' ? 'description' : element.local.toLowerCase();
    if (ATOM.test(element.uri)) {
      const local = ATOM.test(this.#rootUri) && /purl\.org\/atom/i.test(element.uri) ? (ATOM03_RENAMES[element.local] ?? element.local) : element.local;
      return this.#format === 'atom' ? local : `atom:${local}`;
    }
    if (element.uri === this.#rootUri || RSS_FAMILY.has(element.uri)) {
      if (element.uri === RDF) return `rdf:${element.local}`;
      return RSS_NAMES.get(element.local.toLowerCase()) ?? element.local;
    }
    const prefix = PREFIXES[element.uri] ?? element.prefix;
    return prefix ? `${prefix}:${element.local}` : element.local;
  }

  #element(element: XmlElement, forcedName?: string): void {
    const name = forcedName ?? this.#name(element);
    const atom = ATOM.test(element.uri);
    if (name === 'rss') {
      this.#out.push('<rss version="2.0">');
      this.#children(element);
      this.#out.push('</rss>');
      return;
    }
    if (DATES.test(name) && Number.isNaN(Date.parse(textOf(element).trim()))) return;
    if ((atom && ATOM_TEXT.has(name)) || (!atom && RSS_TEXT.has(name) && !this.#isAtomLike(element)) || MODULE_TEXT.test(name)) {
      const src = atom && name === 'content' ? attribute(element, 'src') : undefined;
      if (src && !element.children.length) return; // out-of-line content: nothing to show
      const html = textConstruct(element, atom);
      this.#out.push(`<${name}>${escapeXml(html)}</${name}>`);
      return;
    }
    // An RDF item's URL is its rdf:about; a CDF item's is its HREF.
    const attributes = this.#attributes(element);
    const linkText = this.#isLinkText(element, name);
    this.#out.push(`<${name}${attributes}>`);
    if (this.#cdf) {
      const href = attribute(element, 'HREF') ?? attribute(element, 'href');
      if (href) this.#out.push(`<link>${escapeXml(resolve(href, element.base))}</link>`);
    }
    // Also on the feed and channel: an empty one then still reads as an element, not as whitespace.
    if (['item', 'entry', 'feed', 'channel'].includes(name)) this.#out.push(`<kaiku:base>${escapeXml(element.base)}</kaiku:base>`);
    if (linkText) this.#out.push(escapeXml(resolve(textOf(element).trim(), element.base)));
    else if (element.uri === XHTML && name === 'xhtml:body') this.#out.push(escapeXml(serializeHtml(element.children, element.base)));
    else this.#children(element);
    this.#out.push(`</${name}>`);
  }

  #children(element: XmlElement): void {
    for (const child of element.children) {
      if (typeof child === 'string') this.#out.push(escapeXml(child));
      else this.#element(child);
    }
  }

  // An RSS 2.0 <category> or <author> with markup is text; Atom's are structured and handled elsewhere.
  #isAtomLike(element: XmlElement): boolean {
    return ATOM.test(element.uri);
  }

  #isLinkText(element: XmlElement, name: string): boolean {
    if (ATOM.test(element.uri) || !(element.uri === this.#rootUri || RSS_FAMILY.has(element.uri))) return false;
    if (name === 'link' || name === 'url' || name === 'comments') return !element.children.some(isElement);
    if (name === 'guid') {
      const permalink = attribute(element, 'isPermaLink')?.trim().toLowerCase() !== 'false';
      return permalink && /^(\/|\.\.?\/)/.test(textOf(element).trim());
    }
    return false;
  }

  #attributes(element: XmlElement): string {
    const parts: string[] = [];
    for (const a of element.attributes) {
      if (a.prefix === 'xmlns' || (a.prefix === '' && a.local === 'xmlns') || (a.uri === XML_NS && a.local === 'base')) continue;
      if (this.#cdf && /^href$/i.test(a.local)) continue;
      // Atom's attributes in Atom's own namespace (atom:href) are its plain attributes.
      const name =
        a.uri === XML_NS
          ? `xml:${a.local}`
          : a.uri === RDF
            ? `rdf:${a.local}`
            : a.prefix && !ATOM.test(a.uri)
              ? `${PREFIXES[a.uri] ?? a.prefix}:${a.local}`
              : a.local;
      const value = /^(href|url|src|about|resource)$/.test(a.local) ? resolve(a.value, element.base) : a.value;
      parts.push(` ${name}="${escapeXml(value, true)}"`);
    }
    return parts.join('');
  }
}

/** A text construct as HTML: xhtml and naked markup serialised, base64 decoded, plain text escaped. */
function textConstruct(element: XmlElement, atom: boolean): string {
  const type = (attribute(element, 'type') ?? '').trim().toLowerCase();
  const mode = (attribute(element, 'mode') ?? '').trim().toLowerCase();
  const elements = element.children.filter(isElement);
  if (elements.length > 0) {
    // Atom's xhtml wraps its content in one xhtml <div>, which is not part of it.
    const only =
      elements.length === 1 && elements[0]!.uri === XHTML && elements[0]!.local === 'div' && !textOf(element).replace(textOf(elements[0]!), '').trim();
    return serializeHtml(only ? elements[0]!.children : element.children, element.base);
  }
  const text = textOf(element);
  if (mode === 'base64' || (atom && type !== '' && !/^(text|html|xhtml)$/.test(type) && !type.startsWith('text/') && !/[+/]xml$/.test(type))) {
    const decoded = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
    return /html/.test(type) ? decoded : escapeHtml(decoded);
  }
  if (!atom) return text; // RSS and its modules: text is HTML by custom
  if (type === 'html' || type === 'text/html' || mode === 'escaped' || type === 'xhtml' || /xhtml|html/.test(type)) return text;
  return escapeHtml(text);
}

function serializeHtml(children: readonly (XmlElement | string)[], base: string): string {
  return children
    .map((child) => {
      if (typeof child === 'string') return escapeHtml(child);
      const name = child.local.toLowerCase();
      const attributes = child.attributes
        .filter((a) => a.prefix !== 'xmlns' && a.local !== 'xmlns' && a.uri !== XML_NS)
        .map((a) => ` ${a.local}="${escapeXml(/^(href|src)$/i.test(a.local) ? resolve(a.value, child.base) : a.value, true)}"`)
        .join('');
      if (VOID_HTML.has(name)) return `<${name}${attributes}>`;
      return `<${name}${attributes}>${serializeHtml(child.children, base)}</${name}>`;
    })
    .join('');
}

function resolve(value: string, base: string): string {
  const trimmed = value.trim();
  if (!trimmed || /^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}

function isElement(child: XmlElement | string): child is XmlElement {
  return typeof child !== 'string';
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// XML 1.0 allows no C0 control but tab, newline and carriage return, not even as a reference.

const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function escapeXml(text: string, attribute = false): string {
  const escaped = text.replace(XML_ILLEGAL, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attribute ? escaped.replace(/"/g, '&quot;') : escaped;
}
