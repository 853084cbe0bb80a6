// The heap growth limit is ours to set only when the operator has not chosen one.
import t from 'tap';
import { operatorChoseHeapGrowth } from '../src/setup/heap-growth.ts';

t.test("an operator's --heap-growing-percent (command line or NODE_OPTIONS) wins", async (t) => {
  t.notOk(operatorChoseHeapGrowth([], undefined));
  t.notOk(operatorChoseHeapGrowth(['--max-semi-space-size=4', '--enable-source-maps'], '--max-old-space-size=512'));
  t.ok(operatorChoseHeapGrowth(['--heap-growing-percent=20'], ''));
  t.ok(operatorChoseHeapGrowth(['--heap_growing_percent', '20'], ''));
  t.ok(operatorChoseHeapGrowth([], '--enable-source-maps --heap-growing-percent=80'));
  t.notOk(operatorChoseHeapGrowth(['--heap-growing-percentage-typo=1'], ''), 'only the flag itself');
});
