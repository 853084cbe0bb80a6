// Proves the native engine on this Node: --server-engine uws semantics (fails without a binary), 200 requests through it.
// Run by test/tools/native-trixie.sh inside a Debian 13 root; works anywhere a native binary loads.
import { selectEngine } from '../../src/http/engine.ts';
import { startServer } from '../../src/http/server.ts';

const engine = selectEngine('uws');
const server = await startServer(
  async (raw) => ({ status: 200, headers: [['Content-Type', 'application/json']], body: JSON.stringify({ path: raw.path, node: process.version }) }),
  {
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: 1024,
    engine,
  },
);
let ok = 0;
for (let wave = 0; wave < 4; wave++) {
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      fetch(`http://127.0.0.1:${server.port}/items/${i}`).then(async (r) => r.status === 200 && (await r.json()).path === `/items/${i}`),
    ),
  );
  ok += answers.filter(Boolean).length;
}
await server.close(100);
process.stdout.write(`Node ${process.version} (ABI ${process.versions.modules}): HTTP engine ${server.engine}; ${ok}/200 requests answered\n`);
process.exit(ok === 200 ? 0 : 1);
