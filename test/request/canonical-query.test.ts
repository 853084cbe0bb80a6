// Content-Location's query string: pairs sorted by key, everything but RFC 3986's unreserved characters percent-encoded.
import t from 'tap';
import { canonicalQuery } from '../../src/request/canonical-query.ts';

t.test('sorted by key (stable for repeated keys), unreserved characters kept', async (t) => {
  t.equal(canonicalQuery('order=id.desc&id=eq.1&a-b_c.d~=x'), 'a-b_c.d~=x&id=eq.1&order=id.desc');
  t.equal(canonicalQuery('b=2&a=1&b=1'), 'a=1&b=2&b=1');
  t.equal(canonicalQuery(''), '');
});

t.test("reserved characters are encoded, including !'()* which encodeURIComponent leaves", async (t) => {
  t.equal(canonicalQuery('select=id,name,tasks(id)'), 'select=id%2Cname%2Ctasks%28id%29');
  t.equal(canonicalQuery(`x=eq.it's*!`), 'x=eq.it%27s%2A%21');
  t.equal(canonicalQuery('q=a%20b%2Bc'), 'q=a%20b%2Bc', 'a space is %20, never +');
});

t.test('UTF-8 bytes, uppercase hex', async (t) => {
  t.equal(canonicalQuery('name=eq.%C3%A9%E2%82%AC%F0%9F%98%80'), 'name=eq.%C3%A9%E2%82%AC%F0%9F%98%80');
  t.equal(canonicalQuery('name=eq.é'), 'name=eq.%C3%A9', 'raw UTF-8 in the URL');
  t.equal(canonicalQuery('a=x\ud800y&b=\udc00!'), 'a=x%EF%BF%BDy&b=%EF%BF%BD%21', 'a lone surrogate is U+FFFD, as TextEncoder makes it');
});
