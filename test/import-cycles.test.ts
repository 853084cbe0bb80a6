// No import cycles in src/: neither between files (type-only imports count) nor between stage folders.
import t from 'tap';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCycles, folderGraph, importGraph } from './helpers/import-graph.ts';

const src = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');
const graph = importGraph(src);

t.test('the checker sees the tree and finds a planted cycle', async (t) => {
  t.ok(graph.size > 100, `${graph.size} files read`);
  t.ok(graph.get('app.ts')?.includes(path.join('response', 'respond.ts')), 'imports are resolved to files');
  const planted = new Map([...graph, ['plan/plan.ts', [...(graph.get('plan/plan.ts') ?? []), 'app.ts']]]);
  t.not(findCycles(planted).length, 0, 'a file cycle is found');
  t.not(findCycles(folderGraph(planted)).length, 0, 'and the folder cycle it makes');
});

t.test('no file imports itself back, directly or through others', async (t) => {
  t.same(findCycles(graph), []);
});

t.test('no folder imports itself back (stages only import forward)', async (t) => {
  t.same(findCycles(folderGraph(graph)), []);
});
