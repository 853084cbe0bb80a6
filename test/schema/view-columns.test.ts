// View column origins parsed from pg_rewrite.ev_action text (no database).
import t from 'tap';
import { parseNodeTree, viewColumnOrigins } from '../../src/schema/view-columns.ts';

// Abridged from Postgres 17 for: create view v as select t.id as pid, t."my name", (select 1) as x, upper(t."my name") as u from tp t
const action = `({QUERY :commandType 1 :rtable ({RANGETBLENTRY :alias {ALIAS :aliasname t :colnames <>} :eref {ALIAS :aliasname t :colnames ("id" "my\\ name")} :rtekind 0 :relid 16384}) :jointree {FROMEXPR :fromlist ({RANGETBLREF :rtindex 1}) :quals <>} :targetList ({TARGETENTRY :expr {VAR :varno 1 :varattno 1 :vartype 23 :varnullingrels (b) :location -1} :resno 1 :resname pid :ressortgroupref 0 :resorigtbl 16384 :resorigcol 1 :resjunk false} {TARGETENTRY :expr {VAR :varno 1 :varattno 2} :resno 2 :resname my\\ name :ressortgroupref 0 :resorigtbl 16384 :resorigcol 2 :resjunk false} {TARGETENTRY :expr {SUBLINK :subLinkType 4 :subselect {QUERY :commandType 1 :targetList ({TARGETENTRY :expr {CONST :consttype 23 :constlen 4 :constbyval true :constisnull false :location -1 :constvalue 4 [ 1 0 0 0 0 0 0 0 ]} :resno 1 :resname ?column? :ressortgroupref 0 :resorigtbl 0 :resorigcol 0 :resjunk false}) :setOperations <>} :location -1} :resno 3 :resname x :ressortgroupref 0 :resorigtbl 0 :resorigcol 0 :resjunk false} {TARGETENTRY :expr {FUNCEXPR :funcid 871 :args ({VAR :varno 1 :varattno 2}) :location -1} :resno 4 :resname u :ressortgroupref 0 :resorigtbl 16384 :resorigcol 0 :resjunk false}) :setOperations <>})`;

t.test('plain column references map to their source; expressions and subqueries do not', async (t) => {
  t.same(viewColumnOrigins(action), [
    { viewColumn: 1, sourceOid: '16384', sourceColumn: 1 },
    { viewColumn: 2, sourceOid: '16384', sourceColumn: 2 },
  ]);
});

t.test('set operations have no column origins', async (t) => {
  t.same(viewColumnOrigins(action.replace(/:setOperations <>}\)$/, ':setOperations {SETOPERATIONSTMT :op 1}})')), []);
});

t.test('escaped atoms and garbage never throw', async (t) => {
  const tree = parseNodeTree('({X :a my\\ name :b (1 2) :c <>})') as unknown as Array<{ fields: Map<string, unknown> }>;
  t.equal(tree[0]!.fields.get('a'), 'my name');
  t.same(tree[0]!.fields.get('b'), ['1', '2']);
  t.equal(tree[0]!.fields.get('c'), null);
  for (const junk of ['', '(', '{', '}}}', '(((', '{A :b', ':x', 'plain']) t.same(viewColumnOrigins(junk), []);
});
