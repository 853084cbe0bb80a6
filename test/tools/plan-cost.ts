// Measures the JavaScript cost of parse + plan + SQL build per request for a few URLs (frozen catalog, no DB).
import { authResult } from '../../src/auth/auth-result.ts';
import { planRequest } from '../../src/plan/plan.ts';
import { buildTransaction } from '../../src/query/build-transaction.ts';
import { frozenCache, parse, testConfig } from '../helpers/frozen-cache.ts';

const config = testConfig();
const auth = authResult('authenticated', { sub: 'u1' }, false);
const urls = ['/items?id=eq.3', '/items?qty=gte.10&order=id.desc&limit=50', '/em_projects?select=id,name,em_tasks(id,title,em_tags(name))&id=eq.1'];
for (const url of urls) {
  const run = () => {
    const plan = planRequest(parse('GET', url, { authorization: 'Bearer x' }), frozenCache, config);
    if (plan.kind === 'root' || plan.kind === 'info') throw new Error('unexpected');
    return buildTransaction(plan, auth, config);
  };
  for (let i = 0; i < 2000; i++) run();
  const n = 20000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) run();
  const us = Number(process.hrtime.bigint() - start) / 1000 / n;
  console.log(`${us.toFixed(1).padStart(6)} µs  ${url}`);
}
