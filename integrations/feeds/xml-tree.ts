import { SaxesParser, type SaxesAttributeNS } from 'saxes';
import { FeedParseError } from './feed-error.js';

// A feed's XML read with a namespace-aware parser into a small tree, with each element's xml:base resolved.
// Lenient where lenient readers agree on the repair (the errors below), strict everywhere else, so a feed
// that cannot be read is refused with the line and column of what broke it.

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface XmlElement {
  uri: string;
  local: string;
  prefix: string;
  attributes: { uri: string; local: string; prefix: string; value: string }[];
  children: (XmlElement | string)[];
  /** The URL relative references in this element resolve against: xml:base, else the parent's, else the document's. */
  base: string;
}

export interface XmlTree {
  root: XmlElement;
  /** Repairs made, in words for the admin page: "a bare & … (line 3, column 14)". */
  warnings: string[];
}

// saxes reports these and reads on as lenient readers do (feedparser, gofeed, browsers' feed previews):
// the text keeps a bare & or an unknown entity as written, an unclosed last tag is closed, and so on.
const RECOVERABLE: [RegExp, string][] = [
  [
    /disallowed character in entity name|undefined entity|empty entity name|malformed character entity/,
    'a bare & or an entity XML does not define (such as &nbsp;)',
  ],
  [/^unclosed tag/, 'the document ends before the end tag of its root element'],
  [/unbound namespace prefix/, 'an undeclared namespace prefix'],
  [/malformed comment/, 'a comment with -- inside'],
  [/disallowed character\.$/, 'a control character XML does not allow'],
  [/XML declaration must be at the start/, 'text before the XML declaration'],
  [/encoding value must match/, 'an XML declaration whose encoding name is not one'],
];

// Entities a document declares in its internal DTD subset, as plain text only: never parameter entities,
// never markup, never an entity that refers to another (no billion laughs).
const ENTITY_DECLARATION = /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"&%<]*)"|'([^'&%<]*)')\s*>/g;

/**
 * Parses `text` (already decoded) into a tree. Throws `FeedParseError` naming the first error that is not
 * one of the recoverable ones, with its line and column.
 *
 * @example readXmlTree('<rss version="2.0"><channel/></rss>', 'https://example.org/feed').root.local === 'rss'
 */
export function readXmlTree(text: string, documentUrl: string): XmlTree {
  const warnings = new Map<string, string>();
  const parser = new SaxesParser({ xmlns: true, position: true });
  let fatal: string | undefined;
  parser.on('error', (error) => {
    const position = /^(\d+):(\d+):\s*/.exec(error.message);
    const message = error.message.slice(position?.[0].length ?? 0);
    const where = `line ${position?.[1] ?? parser.line}, column ${position?.[2] ?? parser.column}`;
    // The end of the document in the middle of the root's end tag (`</rss`) is the same repair; anywhere else it is cut short.
    const cutInEndTag = /^unexpected end/.test(message) && /<\/[\w:.-]*\s*$/.test(text);
    const repair = cutInEndTag ? RECOVERABLE[1] : RECOVERABLE.find(([pattern]) => pattern.test(message));
    if (repair) {
      if (!warnings.has(repair[1])) warnings.set(repair[1], `${repair[1]} (${where})`);
    } else {
      fatal ??= `${message.replace(/\.$/, '')} at ${where}`;
    }
  });
  parser.on('doctype', (doctype) => {
    for (const match of doctype.matchAll(ENTITY_DECLARATION)) parser.ENTITIES[match[1]!] = match[2] ?? match[3] ?? '';
  });

  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('opentag', (node) => {
    const parent = stack.at(-1);
    const attributes = Object.values(node.attributes as Record<string, SaxesAttributeNS>).map((a) => ({
      uri: a.uri,
      local: a.local,
      prefix: a.prefix,
      value: a.value,
    }));
    const xmlBase = attributes.find((a) => a.uri === XML_NS && a.local === 'base')?.value;
    const element: XmlElement = {
      uri: node.uri ?? '',
      local: node.local ?? node.name,
      prefix: node.prefix ?? '',
      attributes,
      children: [],
      base: resolveBase(xmlBase, parent?.base ?? documentUrl),
    };
    if (parent) parent.children.push(element);
    else root ??= element;
    stack.push(element);
  });
  parser.on('closetag', () => void stack.pop());
  const addText = (value: string) => {
    const parent = stack.at(-1);
    if (!parent) return;
    const last = parent.children.at(-1);
    if (typeof last === 'string') parent.children[parent.children.length - 1] = last + value;
    else parent.children.push(value);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  // A CDATA section that never ends swallows the rest of the feed: no reader can tell where its text stops.
  const openCdata = text.lastIndexOf('<![CDATA[');
  if (openCdata >= 0 && text.indexOf(']]>', openCdata) < 0) {
    const line = text.slice(0, openCdata).split('\n').length;
    throw new FeedParseError(`malformed ${kindOf(text)}: a CDATA section opened at line ${line} never ends (no "]]>"), so the feed is cut short`);
  }
  try {
    parser.write(stripXmlDeclaration(text, warnings)).close();
  } catch (error) {
    fatal ??= (error as Error).message;
  }
  if (fatal) throw new FeedParseError(`malformed ${kindOf(text)}: ${fatal.replace(/^unexpected end/, 'the document is cut short')}`);
  if (!root) throw new FeedParseError('the answer holds no XML element');
  return { root, warnings: [...warnings.values()] };
}

// The body is already decoded, so the declaration's encoding says nothing more. Blanked, not cut, so that
// line and column numbers stay those of the feed as served.
function stripXmlDeclaration(text: string, warnings: Map<string, string>): string {
  const match = /^([\s\S]{0,4096}?)<\?xml\s[^?]*\?>/.exec(text);
  if (!match) return text;
  const before = match[1]!;
  if (!/^(\s*<!--[\s\S]*?-->)*\s*$/.test(before)) return text;
  if (before.length > 0) warnings.set('text before the XML declaration', 'whitespace or a comment before the XML declaration');
  return before + ' '.repeat(match[0].length - before.length) + text.slice(match[0].length);
}

/** What the broken document meant to be, for the reason: "malformed RSS", "malformed Atom". */
function kindOf(text: string): string {
  const head = text.slice(0, 4096);
  return /<(\w+:)?feed[\s>]/.test(head) ? 'Atom' : /<(\w+:)?(rss|RDF)[\s>]/.test(head) ? 'RSS' : 'XML';
}

function resolveBase(value: string | undefined, parent: string): string {
  if (!value) return parent;
  try {
    return new URL(value.trim(), parent).href;
  } catch {
    return parent;
  }
}

/** The element's text content, its descendants' text included. */
export function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}

export function attribute(element: XmlElement, local: string, uri = ''): string | undefined {
  return element.attributes.find((a) => a.local === local && a.uri === uri)?.value;
}
