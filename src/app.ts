// handle(raw, deps): the whole request pipeline, transport-free; the single place errors become responses.
import type { Authenticator, AuthResult } from './auth/auth-result.ts';
import type { Config } from './config/config.ts';
import { ApiError } from './errors/api-error.ts';
import { DatabaseError, DatabaseUnavailableError } from './errors/database-error.ts';
import { apiErrorFromDatabase } from './errors/pg-error.ts';
import type { Executor } from './db/executor.ts';
import type { RawRequest } from './request/raw-request.ts';
import { authorizeRole } from './plan/authorize-role.ts';
import { planRequest } from './plan/plan.ts';
import type { ShapeCache } from './shape-cache.ts';
import { buildMainStatements, buildTransaction } from './query/build-transaction.ts';
import { decodeRootPrivileges } from './query/root-privileges.ts';
import { parseApiRequest } from './request/api-request.ts';
import { requestShape } from './request/request-shape.ts';
import { errorResponse } from './response/error-response.ts';
import { respondInfo } from './response/info-response.ts';
import type { HttpResponse } from './response/http-response.ts';
import { decodeDbResult } from './response/db-result.ts';
import { checkBeforeCommit, needsCheckBeforeCommit } from './response/pre-commit-checks.ts';
import { respond, respondWithRoot } from './response/respond.ts';
import type { SchemaCache } from './schema/types.ts';
import type { Logger } from './log.ts';

export interface AppDeps {
  config: Config;
  schemaCache: () => SchemaCache;
  authenticator: Authenticator;
  executor: Executor;
  log: Logger;
  /** Templates for repeat request shapes; without it every request is parsed, planned and built. */
  shapes?: ShapeCache;
}

/** AppDeps whose config and authenticator are read afresh on every request, so a reload swaps them without a restart. */
export function liveDeps(current: { config(): Config; authenticator(): Authenticator }, rest: Omit<AppDeps, 'config' | 'authenticator'>): AppDeps {
  return {
    get config() {
      return current.config();
    },
    get authenticator() {
      return current.authenticator();
    },
    ...rest,
  };
}

/** Stages whose end an observer hears about (Server-Timing, slow-request logs); `response` is timed by the caller. */
export type PipelineStage = 'jwt' | 'parse' | 'plan' | 'transaction';

/** Optional per-request observer (src/admin): stage boundaries and the role the request ran as. */
export interface RequestObserver {
  role: string | null;
  stageEnded(stage: PipelineStage): void;
}

export async function handle(raw: RawRequest, deps: AppDeps, observer?: RequestObserver): Promise<HttpResponse> {
  let auth: AuthResult | null = null;
  try {
    auth = await deps.authenticator.authenticate(raw.headers['authorization']);
    if (observer) {
      observer.role = auth.role;
      observer.stageEnded('jwt');
    }
    const cache = deps.schemaCache();
    const parseOptions = { schemas: deps.config.dbSchemas, geoJson: cache.postgisSchema !== null, rootSpec: deps.config.dbRootSpec !== null };
    // A repeat shape (GET /items?id=eq.42, then eq.43) skips parsing, planning and SQL building (src/shape-cache.ts).
    const shape = deps.shapes ? requestShape(raw) : null;
    const known = shape ? deps.shapes!.lookup(raw, shape, cache, deps.config) : null;
    const request = known ? known.plan.request : parseApiRequest(raw, parseOptions);
    observer?.stageEnded('parse');
    authorizeRole(auth, cache);
    const plan = known ? known.plan : planRequest(request, cache, deps.config);
    if (plan.kind === 'root') {
      // follow-privileges: one read-only statement as the request's role says what the document may list.
      if (!plan.followPrivileges || plan.headOnly) return respondWithRoot(plan, cache, null);
      const privileges = buildTransaction(plan, auth, deps.config, cache);
      observer?.stageEnded('plan');
      const rows = await deps.executor.run({ ...privileges, signal: raw.signal });
      observer?.stageEnded('transaction');
      return respondWithRoot(plan, cache, decodeRootPrivileges(rows[rows.length - 1]));
    }
    if (plan.kind === 'info') return respondInfo(plan);
    const main = known ? known.main : buildMainStatements(plan);
    if (shape && !known) deps.shapes!.learn(raw, shape, plan, main, parseOptions, cache, deps.config);
    const transaction = buildTransaction(plan, auth, deps.config, cache, main);
    observer?.stageEnded('plan');
    // Only a write whose checks can fail needs its result before COMMIT (a second round trip);
    // otherwise the same checks run on the result (reads: nothing to roll back, they still decide the response).
    const checkFirst = needsCheckBeforeCommit(plan);
    const rows = await deps.executor.run({
      ...transaction,
      signal: raw.signal,
      inspect: checkFirst ? (results) => checkBeforeCommit(plan, decodeDbResult(results)) : undefined,
    });
    observer?.stageEnded('transaction');
    const result = decodeDbResult(rows);
    if (!checkFirst) checkBeforeCommit(plan, result);
    return respond(plan, result);
  } catch (error) {
    return errorResponse(toApiError(error, auth, deps.log), raw.method === 'HEAD', deps.config.clientErrorVerbosity);
  }
}

function toApiError(error: unknown, auth: AuthResult | null, log: Logger): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DatabaseError) return apiErrorFromDatabase(error, auth !== null && !auth.anonymous);
  if (error instanceof DatabaseUnavailableError) {
    log.warn('database unavailable', { error: error.message });
    return new ApiError('PGRST001', { details: 'The database could not be reached' });
  }
  log.error('unexpected error', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return new ApiError('PGRSTX00');
}
