// Checks on the decoded result that must pass before the transaction commits (a throw rolls it back).
import type { MutatePlan } from '../plan/mutate-types.ts';
import type { DatabasePlan } from '../plan/plan-types.ts';
import { SINGULAR_OBJECT } from '../request/types.ts';
import type { DbResult } from './db-result.ts';
import { maxAffectedExceeded, notSingular, putMismatch } from '../errors/request-errors.ts';

/**
 * PGRST116 unless the response holds exactly one row (`pageTotal`) when application/vnd.pgrst.object+json was
 * asked for. Run before COMMIT, so a write or volatile call that produced ≠ 1 rows is rolled back.
 */
export function checkSingular(plan: Pick<DatabasePlan, 'media'>, result: DbResult): void {
  if (plan.media.type !== SINGULAR_OBJECT || result.pageTotal === 1) return;
  throw notSingular(result.pageTotal);
}

/** Singular media, PUT's one row, max-affected. */
function checkWrite(plan: MutatePlan, result: DbResult): void {
  checkSingular(plan, result);
  if (plan.mutation === 'upsert' && result.pageTotal !== 1) throw putMismatch();
  if (plan.maxAffected !== null && result.pageTotal > plan.maxAffected) {
    throw maxAffectedExceeded(result.pageTotal);
  }
}

/** Dispatch by plan kind. GUC values were already validated when the result was decoded. */
export function checkBeforeCommit(plan: DatabasePlan, result: DbResult): void {
  if (plan.request.accept.plan) return; // an EXPLAIN: nothing ran, nothing to check
  switch (plan.kind) {
    case 'read':
      return checkSingular(plan, result);
    case 'call':
      if (plan.returns === 'setof-composite' || plan.returns === 'setof-scalar') checkSingular(plan, result);
      // PostgREST counts the rows the function returned (a scalar is one).
      if (plan.maxAffected !== null && result.pageTotal > plan.maxAffected) throw maxAffectedExceeded(result.pageTotal);
      return;
    case 'mutate':
      return checkWrite(plan, result);
  }
}

/**
 * Whether the checks can fail for this plan after its statements succeeded, so the transaction must
 * wait for them before committing. Reads are read-only (nothing to roll back); a write that asked for
 * no singular object, no PUT and no max-affected commits in the same round trip. (A trigger that sets an
 * invalid response.status/headers on such a write is reported after the commit.)
 */
export function needsCheckBeforeCommit(plan: DatabasePlan): boolean {
  if (plan.request.accept.plan) return false;
  switch (plan.kind) {
    case 'read':
      return false;
    case 'call':
      return !plan.readOnly && !plan.rollback;
    case 'mutate':
      return plan.media.type === SINGULAR_OBJECT || plan.mutation === 'upsert' || plan.maxAffected !== null;
  }
}
