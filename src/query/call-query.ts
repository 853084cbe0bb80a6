// The function call itself: `SELECT … FROM "s"."f"("a" := …)`, arguments bound and cast to the parameter types.
import type { CallArguments, CallRequestPlan } from '../plan/call-types.ts';
import type { RoutineParameter } from '../schema/types.ts';
import { empty, type Fragment, ident, join, param, qualified, raw, sql } from './fragment.ts';
import { argumentRecord } from './payload-source.ts';
import { toPgArrayLiteral } from './pg-array.ts';
import { castSql } from './read-query.ts';

const ARGS = 'pgrst_args';
const ROW = 'pgrst_call_row';

const variadic = (p: RoutineParameter): Fragment => raw(p.mode === 'variadic' ? 'VARIADIC ' : '');

function argumentList(args: CallArguments): Fragment {
  switch (args.kind) {
    case 'none':
      return empty;
    case 'positional':
      return sql`${param(args.value)}${castSql(args.param.type)}`;
    case 'direct':
      return join(
        args.values.map(
          ({ param: p, value }) => sql`${variadic(p)}${ident(p.name)} := ${param(Array.isArray(value) ? toPgArrayLiteral(value) : value)}${castSql(p.type)}`,
        ),
        ', ',
      );
    case 'record':
      return join(
        args.params.map((p) => sql`${variadic(p)}${ident(p.name)} := ${ident(ARGS)}.${ident(p.name)}`),
        ', ',
      );
  }
}

/** The body arguments as one record (`pgrst_args`); nothing for other argument kinds. */
const argumentSource = (args: CallArguments): Fragment => (args.kind === 'record' ? argumentRecord(args.json, ARGS, args.params) : empty);

/**
 * The rows of the call. Scalar shapes yield one column `pgrst_scalar`; row shapes yield the
 * function's columns (OUT/TABLE parameter names given explicitly as column aliases).
 */
export function buildCallSource(plan: CallRequestPlan): Fragment {
  const call = sql`${qualified(plan.routine.schema, plan.routine.name)}(${argumentList(plan.args)})`;
  const source = argumentSource(plan.args);
  if (plan.returns === 'composite' || plan.returns === 'setof-composite') {
    const aliases = plan.outColumns === null ? empty : sql`(${join(plan.outColumns.map(ident), ', ')})`;
    const from = source.isEmpty ? empty : sql`${source}, LATERAL `;
    return sql`SELECT ${ident(ROW)}.* FROM ${from}${call} AS ${ident(ROW)}${aliases}`;
  }
  return sql`SELECT ${call} AS pgrst_scalar${source.isEmpty ? empty : sql` FROM ${source}`}`;
}
