// Content negotiation: the Accept header (q-values, wildcards, nulls=stripped) → AcceptedMedia.
import { PLAN_OPTIONS, type AcceptedMedia, type Action, type MediaType, type PlanOption } from './types.ts';
import { notAcceptable } from '../errors/request-errors.ts';

interface AcceptEntry {
  /** The type as written, lower-cased, without parameters (for the PGRST107 message). */
  type: string;
  q: number;
  stripNulls: boolean;
  order: number;
}

const ALIASES: Record<string, MediaType> = {
  'application/vnd.pgrst.object': 'application/vnd.pgrst.object+json',
  'application/vnd.pgrst.array': 'application/vnd.pgrst.array+json',
};

const TABLE_MEDIA: MediaType[] = [
  'application/json',
  'text/csv',
  'application/vnd.pgrst.object+json',
  'application/vnd.pgrst.array+json',
  'application/geo+json',
];

/** What each kind of action can answer with; functions may also return text or bytes; GeoJSON needs PostGIS. */
function producible(action: Action, geoJson: boolean): MediaType[] {
  const offered = producibleByAction(action);
  return geoJson ? offered : offered.filter((type) => type !== 'application/geo+json');
}

function producibleByAction(action: Action): MediaType[] {
  switch (action.kind) {
    case 'root':
      return ['application/openapi+json', 'application/json'];
    case 'call':
      return [...TABLE_MEDIA, 'text/plain', 'application/octet-stream'];
    default:
      return TABLE_MEDIA;
  }
}

export function parseAcceptHeader(header: string): AcceptEntry[] {
  const entries: AcceptEntry[] = [];
  header.split(',').forEach((part, order) => {
    const [rawType, ...params] = part.split(';').map((s) => s.trim());
    if (!rawType) return;
    let q = 1;
    let stripNulls = false;
    for (const param of params) {
      const [name, value = ''] = param.split('=').map((s) => s.trim().toLowerCase());
      if (name === 'q') q = /^[0-9](\.[0-9]{0,3})?$/.test(value) ? Math.min(1, Number(value)) : 1;
      else if (name === 'nulls' && value === 'stripped') stripNulls = true;
    }
    entries.push({ type: rawType.toLowerCase(), q, stripNulls, order });
  });
  // Highest q first; ties keep the client's order.
  return entries.sort((a, b) => b.q - a.q || a.order - b.order);
}

function match(entry: AcceptEntry, offered: MediaType[]): MediaType | null {
  if (entry.q === 0) return null;
  if (entry.type === '*/*' || entry.type === 'application/*') return offered.includes('application/json') ? 'application/json' : offered[0]!;
  if (entry.type === 'text/*') return offered.find((t) => t.startsWith('text/')) ?? null;
  const type = ALIASES[entry.type] ?? (entry.type as MediaType);
  return offered.includes(type) ? type : null;
}

/**
 * Picks the response media type. No Accept header (or an empty one) means JSON. OPTIONS never
 * fails negotiation. `nulls=stripped` is honoured only on the vnd.pgrst object/array types.
 * Without PostGIS, `application/geo+json` is skipped so a lower-q alternative (JSON) still matches.
 */
export function negotiateAccept(header: string | undefined, action: Action, geoJson = true): AcceptedMedia {
  if (header === undefined || header.trim() === '' || action.kind === 'info') return { type: 'application/json', stripNulls: false };
  const entries = parseAcceptHeader(header);
  const offered = producible(action, geoJson);
  for (const entry of entries) {
    if (entry.type === PLAN_JSON && action.kind !== 'root') {
      const planned = planMedia(header, entry.order, offered);
      if (planned !== null) return planned;
      continue;
    }
    const type = match(entry, offered);
    if (type === null) continue;
    const strippable = type === 'application/vnd.pgrst.object+json' || type === 'application/vnd.pgrst.array+json';
    return { type, stripNulls: strippable && entry.stripNulls };
  }
  throw notAcceptable(entries.sort((a, b) => a.order - b.order).map((e) => e.type));
}

/** The execution-plan media type (PostgREST's text variants are not offered: see docs/differences.md). */
export const PLAN_MEDIA_TYPE = 'application/vnd.pgrst.plan+json';
const PLAN_JSON = PLAN_MEDIA_TYPE;

/**
 * `application/vnd.pgrst.plan+json; for="text/csv"; options=analyze|verbose`: `for` (default
 * application/json) must be producible here; unknown options make the entry unacceptable.
 */
function planMedia(header: string, order: number, offered: MediaType[]): AcceptedMedia | null {
  const params = new Map<string, string>();
  for (const param of (header.split(',')[order] ?? '').split(';').slice(1)) {
    const eq = param.indexOf('=');
    if (eq !== -1)
      params.set(
        param.slice(0, eq).trim().toLowerCase(),
        param
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1')
          .toLowerCase(),
      );
  }
  const target = (params.get('for') ?? 'application/json') as MediaType;
  if (!offered.includes(target)) return null;
  const options = (params.get('options') ?? '').split('|').filter((o) => o !== '');
  if (!options.every((o) => (PLAN_OPTIONS as readonly string[]).includes(o))) return null;
  return { type: target, stripNulls: false, plan: { options: [...new Set(options)] as PlanOption[] } };
}
