/**
 * CalDAV's XML: what a PROPFIND or REPORT asks for (fast-xml-parser, namespace prefixes dropped: the portal answers
 * the few DAV:/CalDAV/CalendarServer/Apple properties below by local name) and the 207 multistatus it answers.
 */
import type { XMLParser } from 'fast-xml-parser';

export const NS = {
  d: 'DAV:',
  c: 'urn:ietf:params:xml:ns:caldav',
  cs: 'http://calendarserver.org/ns/',
  ca: 'http://apple.com/ns/ical/',
} as const;

type XmlNode = Record<string, unknown>;

let parser: Promise<XMLParser> | undefined;
/** Made on the first XML body (the feed, GETs and PUTs need none): fast-xml-parser is not set up at cold start. */
const xmlParser = () =>
  (parser ??= import('fast-xml-parser').then(
    ({ XMLParser: Parser }) =>
      new Parser({
        ignoreAttributes: false,
        attributeNamePrefix: '@_',
        removeNSPrefix: true,
        // Text nodes and attributes stay strings (an href of digits is still an href).
        parseTagValue: false,
        parseAttributeValue: false,
      }),
  ));

export async function parseXml(body: string | undefined): Promise<XmlNode> {
  if (!body?.trim()) return {};
  const parsed: unknown = (await xmlParser()).parse(body);
  return parsed && typeof parsed === 'object' ? (parsed as XmlNode) : {};
}

const asNode = (v: unknown): XmlNode | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as XmlNode) : undefined;
const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The property names a `<prop>` element lists (local names), or null for allprop / an empty body. */
export function requestedProps(root: XmlNode | undefined): string[] | null {
  const prop = asNode(root?.prop);
  if (!prop) return null;
  return Object.keys(prop).filter((k) => !k.startsWith('@_') && k !== '#text');
}

export interface ReportRequest {
  kind: 'calendar-query' | 'calendar-multiget' | 'other';
  props: string[] | null;
  /** calendar-query: the VEVENT time-range, as epoch ms. */
  range?: { start?: number; end?: number };
  /** calendar-multiget: the hrefs asked for. */
  hrefs: string[];
}

/** `20260310T090000Z` → epoch ms. */
export function caldavUtc(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

function findTimeRange(filter: XmlNode | undefined): { start?: number; end?: number } | undefined {
  if (!filter) return undefined;
  for (const comp of asList(filter['comp-filter'])) {
    const node = asNode(comp);
    if (!node) continue;
    const range = asNode(node['time-range']);
    if (range) return { start: caldavUtc(range['@_start']), end: caldavUtc(range['@_end']) };
    const inner = findTimeRange(node);
    if (inner) return inner;
  }
  return undefined;
}

export async function parseReport(body: string | undefined): Promise<ReportRequest> {
  const doc = await parseXml(body);
  const query = asNode(doc['calendar-query']);
  if (query)
    return {
      kind: 'calendar-query',
      props: requestedProps(query),
      range: findTimeRange(asNode(query.filter)),
      hrefs: [],
    };
  const multiget = asNode(doc['calendar-multiget']);
  if (multiget)
    return {
      kind: 'calendar-multiget',
      props: requestedProps(multiget),
      hrefs: asList(multiget.href).filter((h): h is string => typeof h === 'string'),
    };
  return { kind: 'other', props: null, hrefs: [] };
}

export const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A property's XML by local name: its qualified element and inner XML. */
export type PropValues = Record<string, { tag: string; xml: string }>;

export interface DavResponse {
  href: string;
  /** The resource's properties (all it has); the request's names pick among them. */
  props?: PropValues;
  /** A whole-response status instead of properties (a multiget href that does not exist). */
  status?: number;
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 404: 'Not Found' };
const statusLine = (code: number) => `<d:status>HTTP/1.1 ${code} ${STATUS_TEXT[code] ?? ''}</d:status>`;

/** The tag a requested but unknown property is reported under (its namespace unknown after prefix removal: DAV:). */
const unknownTag = (name: string) => `d:${name}`;

export function multistatus(responses: DavResponse[], requested: string[] | null): string {
  const body = responses
    .map((r) => {
      if (r.status) return `<d:response><d:href>${escapeXml(r.href)}</d:href>${statusLine(r.status)}</d:response>`;
      const props = r.props ?? {};
      const names = requested ?? Object.keys(props);
      const found = names.filter((n) => props[n]);
      const missing = names.filter((n) => !props[n]);
      const ok = found.length
        ? `<d:propstat><d:prop>${found
            .map((n) => {
              const p = props[n]!;
              return p.xml ? `<${p.tag}>${p.xml}</${p.tag}>` : `<${p.tag}/>`;
            })
            .join('')}</d:prop>${statusLine(200)}</d:propstat>`
        : '';
      const notFound = missing.length
        ? `<d:propstat><d:prop>${missing.map((n) => `<${unknownTag(n)}/>`).join('')}</d:prop>${statusLine(404)}</d:propstat>`
        : '';
      return `<d:response><d:href>${escapeXml(r.href)}</d:href>${ok}${notFound}</d:response>`;
    })
    .join('');
  const xmlns = Object.entries(NS)
    .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
    .join(' ');
  return `<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus ${xmlns}>${body}</d:multistatus>`;
}

/** `<d:href>` helper. */
export const href = (path: string) => `<d:href>${escapeXml(path)}</d:href>`;
