// SQL text of function calls: identifiers quoted from the cache, every value a bind parameter, casts from the cache.
import t from 'tap';
import type { CallRequestPlan } from '../../src/plan/call-types.ts';
import { buildCallSource } from '../../src/query/call-query.ts';
import { toStatement } from '../../src/query/fragment.ts';
import type { Routine, RoutineParameter, TypeRef } from '../../src/schema/types.ts';

const int4: TypeRef = { schema: 'pg_catalog', name: 'int4', category: 'N', display: 'integer' };
const intArray: TypeRef = { schema: 'pg_catalog', name: '_int4', category: 'A', display: 'integer[]' };
const p = (name: string, type = int4, mode: RoutineParameter['mode'] = 'in'): RoutineParameter => ({ name, type, mode, hasDefault: false });
const routine = (name: string, parameters: RoutineParameter[]): Routine => ({
  schema: 'api',
  name,
  parameters,
  returnType: int4,
  returnsSet: false,
  returnsRelation: null,
  returnTypeColumns: null,
  volatility: 'volatile',
  comment: null,
  settings: [],
});
const plan = (r: Routine, args: CallRequestPlan['args'], returns: CallRequestPlan['returns'] = 'scalar', outColumns: string[] | null = null) =>
  ({ routine: r, args, returns, outColumns }) as CallRequestPlan;

t.test('direct (GET) arguments are bound and cast; variadic gets an array literal', async (t) => {
  const hostile = p('a"); drop table x; --');
  const nums = p('nums', intArray, 'variadic');
  const s = toStatement(
    buildCallSource(
      plan(routine('f"x', [hostile, nums]), {
        kind: 'direct',
        values: [
          { param: hostile, value: "1'" },
          { param: nums, value: ['1', '2,3'] },
        ],
      }),
    ),
  );
  t.equal(s.text, 'SELECT "api"."f""x"("a""); drop table x; --" := $1::"pg_catalog"."int4", VARIADIC "nums" := $2::"pg_catalog"."_int4") AS pgrst_scalar');
  t.same(s.values, ["1'", '{"1","2,3"}']);
});

t.test('body arguments go through json_to_record with typed columns', async (t) => {
  const a = p('a');
  const s = toStatement(buildCallSource(plan(routine('g', [a]), { kind: 'record', json: '{"a":1}', params: [a] }, 'setof-composite', ['x', 'y'])));
  t.equal(
    s.text,
    'SELECT "pgrst_call_row".* FROM pg_catalog.json_to_record($1::json) AS "pgrst_args"("a" "pg_catalog"."int4"), LATERAL "api"."g"("a" := "pgrst_args"."a") AS "pgrst_call_row"("x", "y")',
  );
  t.same(s.values, ['{"a":1}']);
});

t.test('a single unnamed parameter is positional; no arguments is an empty call', async (t) => {
  const body = p('', { schema: 'pg_catalog', name: 'json', category: 'U', display: 'json' });
  t.equal(
    toStatement(buildCallSource(plan(routine('h', [body]), { kind: 'positional', param: body, value: '[]' }))).text,
    'SELECT "api"."h"($1::"pg_catalog"."json") AS pgrst_scalar',
  );
  t.equal(toStatement(buildCallSource(plan(routine('k', []), { kind: 'none' }))).text, 'SELECT "api"."k"() AS pgrst_scalar');
});
