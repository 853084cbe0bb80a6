// Plan + AuthResult → the statements of one transaction (settings first, then the main statement).
import type { AuthResult } from '../auth/auth-result.ts';
import type { Config } from '../config/config.ts';
import type { Plan } from '../plan/types.ts';
import type { Statement } from './fragment.ts';
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
    case 'mutate':
      return { readOnly: false, statements: [settings, buildWriteStatement(plan)], rollback: plan.rollback };
    case 'info':
      throw new Error('info plans are answered without the database');
  }
}
