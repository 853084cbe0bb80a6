// Accept: application/vnd.pgrst.plan+json: the request's transaction with its main statement EXPLAINed instead of run.
import type { PlanOption } from '../request/types.ts';
import { explainStatement, type Statement } from './fragment.ts';

/**
 * The settings and pre-request statements stay (they shape the plan: role, RLS, search_path); a
 * count=planned EXPLAIN is dropped. Always rolled back, so `options=analyze` on a write changes nothing.
 */
export function explainTransaction<T extends { statements: Statement[]; rollback?: boolean }>(transaction: T, options: readonly PlanOption[]): T {
  const statements = transaction.statements.filter((s, i) => i === transaction.statements.length - 1 || !s.text.startsWith('EXPLAIN'));
  const main = statements[statements.length - 1]!;
  return { ...transaction, statements: [...statements.slice(0, -1), explainStatement(main, options)], rollback: true };
}
