// Plan + AuthResult → the statements of one transaction (settings first, then the main statement).
import type { AuthResult } from '../auth/auth-result.ts';
import type { Config } from '../config/config.ts';
import { needsExplain } from '../plan/count-strategy.ts';
import type { DatabasePlan, RootPlan } from '../plan/plan-types.ts';
import { parseIsolationLevel } from '../schema/role-settings.ts';
import type { IsolationLevel, SchemaCache } from '../schema/types.ts';
import { sql, toStatement, type Statement } from './fragment.ts';
import { buildCallStatement } from './call-statement.ts';
import { buildExplainStatement, buildReadStatement } from './main-statement.ts';
import { buildPreRequestStatement } from './pre-request.ts';
import { buildRootPrivilegesStatement } from './root-privileges.ts';
import { buildWriteStatement } from './mutate-statement.ts';
import { explainTransaction } from './plan-statement.ts';
import { buildSettingsStatement, hoistedIsolation, hoistedSettings } from './tx-settings.ts';

export interface TransactionPlan {
  readOnly: boolean;
  statements: Statement[];
  /** End with ROLLBACK instead of COMMIT. */
  rollback?: boolean;
  /** Above read committed only when the role or the (hoisted) function setting asks for it. */
  isolation?: IsolationLevel;
  /** A read a streaming replica may serve (see readsFromReplica); absent: the primary. */
  replicaEligible?: boolean;
}

/** `Read-Your-Writes: true` sends a read to the primary, which has every write the client saw committed. */
export const READ_YOUR_WRITES_HEADER = 'read-your-writes';

/** The statements after the settings (and pre-request) statement: the request's own, built from its plan alone. */
export type MainStatements = Pick<TransactionPlan, 'statements' | 'rollback'>;

/**
 * `cache` supplies the impersonated role's settings (none without it). A root plan: its privileges check.
 * `main`: the plan's main statements when already known (src/shape-cache.ts); built from the plan otherwise.
 */
export function buildTransaction(
  plan: DatabasePlan | RootPlan,
  auth: AuthResult,
  config: Config,
  cache?: Pick<SchemaCache, 'roleSettings'>,
  main: MainStatements = buildMainStatements(plan),
): TransactionPlan {
  const request = plan.request;
  const role = cache?.roleSettings.get(auth.role);
  const routine = plan.kind === 'call' ? plan.routine : null;
  const functionIsolation = routine ? hoistedIsolation(routine, config.dbHoistedTxSettings) : null;
  const isolation = (functionIsolation !== null ? parseIsolationLevel(functionIsolation) : null) ?? role?.isolation ?? null;
  // One answer for both: the settings statement makes the transaction read-only, the executor relies on it.
  const readOnly = isReadOnly(plan);
  const settings = buildSettingsStatement({
    readOnly,
    role: auth.role,
    claimsJson: auth.claimsJson,
    method: request.method,
    path: request.path,
    headers: request.headers,
    cookies: request.cookies,
    searchPath: [request.schema, ...config.dbExtraSearchPath],
    roleSettings: role?.settings,
    functionSettings: routine ? hoistedSettings(routine, config.dbHoistedTxSettings) : undefined,
    timezone: request.preferences.timezone,
    appSettings: config.appSettings,
  });
  const before = config.dbPreRequest === null ? [settings] : [settings, buildPreRequestStatement(config.dbPreRequest, config.dbSchemas[0]!)];
  const built: TransactionPlan = { readOnly, statements: [...before, ...main.statements], ...(main.rollback === undefined ? {} : { rollback: main.rollback }) };
  const transaction = request.accept.plan ? explainTransaction(built, request.accept.plan.options) : built;
  if (readsFromReplica(plan, isolation)) transaction.replicaEligible = true;
  return isolation === null || isolation === 'read committed' ? transaction : { ...transaction, isolation };
}

/**
 * GET/HEAD of a table or view, or of a STABLE/IMMUTABLE function, at read committed, with no Prefer: tx=rollback
 * and no Read-Your-Writes: true. A hot standby refuses serializable, and repeatable read or a rollback asked for
 * by name are the client reasoning about one server's snapshot; a VOLATILE function may write (it fails read-only).
 */
function readsFromReplica(plan: DatabasePlan | RootPlan, isolation: IsolationLevel | null): boolean {
  const request = plan.request;
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (isolation !== null && isolation !== 'read committed') return false;
  if (request.preferences.tx === 'rollback') return false;
  if (request.headers[READ_YOUR_WRITES_HEADER]?.trim().toLowerCase() === 'true') return false;
  if (plan.kind === 'read') return true;
  return plan.kind === 'call' && plan.routine.volatility !== 'volatile';
}

/** Whether the transaction may write: reads, the root's privileges check and STABLE/IMMUTABLE calls may not. */
function isReadOnly(plan: DatabasePlan | RootPlan): boolean {
  if (plan.kind === 'root' || plan.kind === 'read') return true;
  return plan.kind === 'call' && plan.readOnly;
}

export function buildMainStatements(plan: DatabasePlan | RootPlan): MainStatements {
  switch (plan.kind) {
    case 'root':
      return { statements: [buildRootPrivilegesStatement(plan.schema)] };
    case 'read':
      return { statements: needsExplain(plan.count) ? [buildExplainStatement(plan.read), buildReadStatement(plan)] : [buildReadStatement(plan)] };
    case 'call':
      return { statements: [buildCallStatement(plan)], rollback: plan.rollback };
    case 'mutate': {
      // A transaction that will roll back never reaches COMMIT, where deferred constraints are
      // checked; check them at the statement instead, so a dry run reports what a commit would.
      const deferred = plan.rollback ? [toStatement(sql`SET CONSTRAINTS ALL IMMEDIATE`)] : [];
      return { statements: [...deferred, buildWriteStatement(plan)], rollback: plan.rollback };
    }
  }
}
