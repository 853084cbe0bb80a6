// PUT's rules: primary-key `eq` filters only (PGRST105) and a single, complete payload row (PGRST102).
import type { ApiRequest, Payload } from '../request/types.ts';
import type { Column, Table } from '../schema/types.ts';
import { plannedCondition } from './read-plan.ts';
import type { PlannedCondition } from './types.ts';
import { invalidBody, putFiltersInvalid } from '../errors/request-errors.ts';

/**
 * The URL must address one row by its whole primary key: every filter is `pk=eq.value`, every
 * primary-key column is filtered, and nothing else is (no `or=`/`and=`, no negation, no JSON path).
 */
export function planPutConditions(request: ApiRequest, table: Table): PlannedCondition[] {
  const root = request.filters.filter((f) => f.path.length === 0);
  const pk = new Set(table.primaryKey);
  const named = new Set(root.map((f) => f.field.name));
  const valid =
    pk.size > 0 &&
    request.logic.every((l) => l.path.length > 0) &&
    named.size === pk.size &&
    [...named].every((name) => pk.has(name)) &&
    root.every((f) => !f.negated && f.field.jsonPath.length === 0 && f.operation.kind === 'simple' && f.operation.operator === 'eq');
  if (!valid) throw putFiltersInvalid();
  return root.map((f) => plannedCondition(table, f));
}

/**
 * The body must be one row (an object, or an array of exactly one) naming every column the table
 * stores (generated columns excepted), so a PUT replaces the whole row.
 */
export function checkPutPayload(table: Table, payload: Payload, columns: readonly Column[]): void {
  if (payload.isArray && (JSON.parse(payload.json) as unknown[]).length !== 1) {
    throw invalidBody('PUT payload must contain a single row');
  }
  const given = new Set(columns.map((c) => c.name));
  const missing = table.columns.filter((c) => !c.generated && !given.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    throw invalidBody('You must specify all columns in the payload when using PUT', `Missing: ${missing.join(', ')}`);
  }
}
