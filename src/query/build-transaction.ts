// Plan + AuthResult → the statements of one transaction (settings first, then the main statement).
import type { AuthResult } from '../auth/auth-result.ts';
import type { Config } from '../config/config.ts';
import type { Plan } from '../plan/types.ts';
import { sql, toStatement, type Statement } from './fragment.ts';
import { buildReadStatement } from './main-statement.ts';
import { buildWriteStatement } from './mutate-statement.ts';
import { buildSettingsStatement } from './tx-settings.ts';

export interface TransactionPlan {
  readOnly: boolean;
  statements: Statement[];
  /** End with ROLLBACK instead of COMMIT. */
  rollback?: boolean;
}

export function buildTransaction(plan: Plan, auth: AuthResult, config: Config): TransactionPlan {
  const request = plan.request;
  const settings = buildSettingsStatement({
    role: auth.role,
    claims: auth.claims,
    method: request.method,
    path: request.path,
    headers: request.headers,
    cookies: request.cookies,
    searchPath: [request.schema, ...config.dbExtraSearchPath],
  });
  switch (plan.kind) {
    case 'read':
      return { readOnly: true, statements: [settings, buildReadStatement(plan)] };
    case 'mutate': {
      // A transaction that will roll back never reaches COMMIT, where deferred constraints are
      // checked; check them at the statement instead, so a dry run reports what a commit would.
      const deferred = plan.rollback ? [toStatement(sql`SET CONSTRAINTS ALL IMMEDIATE`)] : [];
      return { readOnly: false, statements: [settings, ...deferred, buildWriteStatement(plan)], rollback: plan.rollback };
    }
    case 'info':
      throw new Error('info plans are answered without the database');
  }
}
