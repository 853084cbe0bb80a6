// The readiness probe's statement: the cheapest round trip through the same executor requests use.
import { sql, toStatement, type Statement } from './fragment.ts';

export const HEALTH_CHECK_STATEMENT: Statement = toStatement(sql`SELECT 1 AS ok`);
