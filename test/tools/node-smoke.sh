#!/usr/bin/env bash
# Smoke run on another Node major (issue 13): node-smoke.sh <22|24>.
# Installs Node from the npm registry's `node` package into a temp dir, starts the bundled server on it (zero-config
# demo: embedded PostgreSQL), checks answers and the HTTP engine line, sends 200 requests, then runs the postgrest-js
# and supabase-js client tests on that Node. Exits non-zero on any failure.
set -euo pipefail
major="${1:?usage: node-smoke.sh <22|24>}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/pg-data-api-node${major}-XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== installing node@${major} from the npm registry into ${work}"
(cd "$work" && npm install --no-save --no-audit --no-fund --loglevel=error "node@${major}" >/dev/null)
node_bin="$work/node_modules/node/bin/node"
"$node_bin" -e "if (!process.version.startsWith('v${major}.')) { console.error('got ' + process.version); process.exit(1); }"
echo "== $("$node_bin" -v) (ABI $("$node_bin" -p process.versions.modules))"

(cd "$root" && "$node_bin" bin/build.mjs)
port="$("$node_bin" -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
mkdir -p "$work/run"
# From a scratch folder: the demo database's data directory (.pg-data) lands there, not in the checkout.
(cd "$work/run" && exec "$node_bin" --enable-source-maps "$root/dist/main.mjs" --server-port "$port" >"$work/server.log" 2>&1) &
server_pid=$!
for _ in $(seq 1 120); do
  grep -q "ready in" "$work/server.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "server exited"; exit 1; }
  sleep 1
done
grep -q "ready in" "$work/server.log" || { cat "$work/server.log"; echo "server not ready after 120 s"; exit 1; }
grep -E "HTTP engine" "$work/server.log" | sed 's/^/   /'

base="http://127.0.0.1:${port}"
"$node_bin" - "$base" <<'JS'
const base = process.argv[2];
const check = (ok, what) => { if (!ok) { console.error(`FAIL: ${what}`); process.exit(1); } console.log(`ok: ${what}`); };
const root = await fetch(`${base}/`);
check(root.status === 200, `GET / → ${root.status}`);
const users = await fetch(`${base}/users?select=id&order=id&limit=2`, { headers: { Prefer: 'count=exact' } });
const rows = await users.json();
check((users.status === 200 || users.status === 206) && Array.isArray(rows) && /^0-\d+\/\d+$/.test(users.headers.get('content-range') ?? ''), `GET /users → ${users.status}, Content-Range ${users.headers.get('content-range')}`);
const prefixed = await fetch(`${base}/rest/v1/users?select=id&order=id&limit=2`);
check(prefixed.status === 200 && JSON.stringify(await prefixed.json()) === JSON.stringify(rows), 'GET /rest/v1/users answers the same rows');
const missing = await fetch(`${base}/nosuch`);
check(missing.status === 404 && (await missing.json()).code === 'PGRST205', 'unknown table → 404 PGRST205');
const preflight = await fetch(`${base}/users`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
check(preflight.headers.get('access-control-allow-origin') !== null, `CORS preflight → ${preflight.status}`);
let good = 0;
for (let wave = 0; wave < 4; wave++) {
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => fetch(`${base}/users?select=id&id=eq.${(i % 3) + 1}`).then(async (r) => r.status === 200 && Array.isArray(await r.json()))));
  good += answers.filter(Boolean).length;
}
check(good === 200, `200 requests: ${good} answered 200 with JSON`);
JS
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

echo "== client tests on $("$node_bin" -v)"
cd "$root"
PATH="$(dirname "$node_bin"):$PATH" "$node_bin" node_modules/tsx/dist/cli.mjs test/run.ts \
  test/integration/postgrest-js-read.test.ts test/integration/supabase-js.test.ts
echo "== node ${major} smoke run passed"
