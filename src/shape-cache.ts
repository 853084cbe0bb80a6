// Repeat request shapes skip parse, plan and SQL building (it spans those three stages, so it sits beside app.ts): a bounded cache of verified statement templates.
//
// A read's SQL text depends on its shape (src/request/request-shape.ts): method, path, query with the plain values
// of comparison filters masked, and the headers parsing reads. The second time a shape is seen, it is planned once
// more with each masked value replaced by a sentinel, and becomes a template only if both builds give the same
// statement texts and every value that differs is exactly the request's masked value in one and its sentinel in the
// other. A later request of that shape then gets the template's plan (with its own headers, cookies and canonical
// query) and statements (with its own values in those slots); its settings statement is built as usual. Any
// shape that does not verify (a value that changes the text or is transformed, a function call, a write) is
// remembered as unfit and always takes the full path.
import { randomBytes } from 'node:crypto';
import type { Config } from './config/config.ts';
import { rebind } from './query/fragment.ts';
import { buildMainStatements, type MainStatements } from './query/build-transaction.ts';
import { parseApiRequest, requestHeaders, type ParseOptions } from './request/api-request.ts';
import { canonicalQuery } from './request/canonical-query.ts';
import { parseCookies } from './request/cookies.ts';
import type { RawRequest } from './request/raw-request.ts';
import { withMaskedValues, type RequestShape } from './request/request-shape.ts';
import type { SchemaCache } from './schema/types.ts';
import { planRequest } from './plan/plan.ts';
import type { ReadRequestPlan } from './plan/types.ts';

/**
 * Shapes remembered per worker (templates, unfit shapes and shapes seen once alike); the oldest goes first. With
 * keys of at most MAX_SHAPE_KEY characters, a flood of one-off URLs pins at most ~4 MB of keys per worker.
 */
export const SHAPE_CACHE_ENTRIES = 2000;

/** Where a masked value goes: `statements[statement].values[value]` takes the shape's value number `slot`. */
interface Slot {
  statement: number;
  value: number;
  slot: number;
}

interface Template {
  plan: ReadRequestPlan;
  main: MainStatements;
  slots: Slot[];
}

type Entry = Template | 'seen once' | 'unfit';

export interface ShapeHit {
  plan: ReadRequestPlan;
  main: MainStatements;
}

export class ShapeCache {
  readonly #entries = new Map<string, Entry>();
  /** Per process, so that no request can spell a sentinel on purpose. */
  readonly #sentinel = `pgrst${randomBytes(8).toString('hex')}x`;
  #schema: SchemaCache | null = null;
  #config: Config | null = null;
  #hits = 0;

  constructor(private readonly maxEntries = SHAPE_CACHE_ENTRIES) {}

  /** The request's plan and main statements from its shape's template; null when it has none (yet). */
  lookup(raw: RawRequest, shape: RequestShape, schema: SchemaCache, config: Config): ShapeHit | null {
    this.#forgetIfStale(schema, config);
    const entry = this.#entries.get(shape.key);
    if (entry === undefined || typeof entry === 'string') return null;
    this.#hits++;
    const request = {
      ...entry.plan.request,
      headers: requestHeaders(raw.headers),
      cookies: parseCookies(raw.headers['cookie']),
      canonicalQuery: canonicalQuery(raw.rawQuery),
    };
    return { plan: { ...entry.plan, request }, main: fill(entry, shape.values) };
  }

  /** After the full path planned `raw`: counts the shape's sightings and makes a template at the second. */
  learn(raw: RawRequest, shape: RequestShape, plan: unknown, main: MainStatements, parse: ParseOptions, schema: SchemaCache, config: Config): void {
    this.#forgetIfStale(schema, config);
    const entry = this.#entries.get(shape.key);
    if (entry !== undefined && entry !== 'seen once') return;
    if (!isReadPlan(plan)) return this.#set(shape.key, 'unfit');
    // Many shapes are seen once (an in-list, a search pattern): only a repeat gets a template (and pays for the probe).
    if (entry === undefined) return this.#set(shape.key, 'seen once');
    this.#set(shape.key, this.#verify(raw, shape, plan, main, parse, schema, config) ?? 'unfit');
  }

  /** Shapes remembered (templates, unfit shapes and shapes seen once). */
  get size(): number {
    return this.#entries.size;
  }

  /** Requests served from a template so far. */
  get hits(): number {
    return this.#hits;
  }

  #verify(
    raw: RawRequest,
    shape: RequestShape,
    plan: ReadRequestPlan,
    main: MainStatements,
    parse: ParseOptions,
    schema: SchemaCache,
    config: Config,
  ): Template | null {
    if (shape.values.length === 0) return { plan, main, slots: [] };
    const sentinels = shape.values.map((_, i) => `${this.#sentinel}${i}`);
    let probe: MainStatements;
    try {
      const probePlan = planRequest(parseApiRequest(withMaskedValues(raw, sentinels), parse), schema, config);
      if (!isReadPlan(probePlan)) return null;
      probe = buildMainStatements(probePlan);
    } catch {
      return null;
    }
    if (probe.rollback !== main.rollback || probe.statements.length !== main.statements.length) return null;
    const slots: Slot[] = [];
    for (const [s, statement] of main.statements.entries()) {
      const other = probe.statements[s]!;
      if (other.text !== statement.text || other.values.length !== statement.values.length) return null;
      for (const [v, value] of statement.values.entries()) {
        if (other.values[v] === value) continue;
        const slot = sentinels.indexOf(other.values[v] as string);
        if (slot === -1 || value !== shape.values[slot]) return null;
        slots.push({ statement: s, value: v, slot });
      }
    }
    // Every masked value must land in a slot: one that reached no value could still have changed something else.
    return new Set(slots.map((s) => s.slot)).size === shape.values.length ? { plan, main, slots } : null;
  }

  #set(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** A schema reload or a config reload plans differently: templates are kept for one pair of them. */
  #forgetIfStale(schema: SchemaCache, config: Config): void {
    if (schema === this.#schema && config === this.#config) return;
    this.#entries.clear();
    this.#schema = schema;
    this.#config = config;
  }
}

function isReadPlan(plan: unknown): plan is ReadRequestPlan {
  return (plan as { kind?: string }).kind === 'read';
}

/** The template's statements with this request's values in its slots (statements without slots are shared). */
function fill(template: Template, values: readonly string[]): MainStatements {
  if (template.slots.length === 0) return template.main;
  const bound: unknown[][] = template.main.statements.map(() => []);
  for (const { statement, value, slot } of template.slots) {
    const target = bound[statement]!;
    if (target.length === 0) target.push(...template.main.statements[statement]!.values);
    target[value] = values[slot];
  }
  const statements = template.main.statements.map((s, i) => (bound[i]!.length === 0 ? s : rebind(s, bound[i]!)));
  return template.main.rollback === undefined ? { statements } : { statements, rollback: template.main.rollback };
}
