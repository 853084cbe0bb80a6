// The backend message reader: every message delivered whole and in order, however the stream is chunked, and
// each byte copied at most once (a 100 MB result body is one DataRow arriving in ~64 KB chunks).
import t from 'tap';
import { Reader } from '../../src/db/pipeline/protocol.ts';

/** A backend message: type byte, int32 length (counting itself), body. */
function message(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(5 + body.length);
  out[0] = type.charCodeAt(0);
  out.writeInt32BE(body.length + 4, 1);
  body.copy(out, 5);
  return out;
}

function collect(reader: Reader, chunks: Buffer[]): Array<{ type: string; body: Buffer }> {
  const out: Array<{ type: string; body: Buffer }> = [];
  for (const chunk of chunks)
    reader.push(chunk, (type, buf, start, end) => out.push({ type: String.fromCharCode(type), body: Buffer.from(buf.subarray(start, end)) }));
  return out;
}

function split(stream: Buffer, sizes: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < stream.length;) {
    const n = Math.max(1, Math.min(sizes(), stream.length - at));
    chunks.push(stream.subarray(at, at + n));
    at += n;
  }
  return chunks;
}

t.test('a 32 MB message in 64 KB chunks: delivered intact, each byte copied once', async (t) => {
  const body = Buffer.alloc(32 * 1024 * 1024);
  for (let i = 0; i < body.length; i += 4096) body.writeUInt32BE(i, i);
  const stream = Buffer.concat([message('D', body), message('C', Buffer.from('SELECT 1\0')), message('Z', Buffer.from('I'))]);
  const reader = new Reader();
  const messages = collect(
    reader,
    split(stream, () => 64 * 1024),
  );
  t.same(
    messages.map((m) => m.type),
    ['D', 'C', 'Z'],
  );
  t.ok(messages[0]!.body.equals(body), 'the body arrived intact');
  t.ok(
    reader.bytesCopied <= stream.length,
    `copied ${reader.bytesCopied} bytes for a ${stream.length}-byte stream (quadratic assembly would copy ~${Math.round(stream.length / 65536 / 2)}× that)`,
  );
});

t.test('random chunk boundaries, 1-byte chunks and split headers: every message whole and in order', async (t) => {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const expected = Array.from({ length: 400 }, (_, i) => ({ type: 'DCTZ'[i % 4]!, body: Buffer.from('x'.repeat(Math.floor(random() * 300)) + i) }));
  const stream = Buffer.concat(expected.map((m) => message(m.type, m.body)));
  for (const [label, sizes] of [
    ['random', () => Math.floor(random() * 700)],
    ['1 byte', () => 1],
    ['3 bytes', () => 3],
  ] as const) {
    const reader = new Reader();
    const got = collect(reader, split(stream, sizes));
    t.equal(got.length, expected.length, `${label}: count`);
    t.ok(
      got.every((m, i) => m.type === expected[i]!.type && m.body.equals(expected[i]!.body)),
      `${label}: identical`,
    );
    // A header split across chunks is kept aside, then copied into its message: 5 bytes twice at most.
    t.ok(reader.bytesCopied <= stream.length + 5 * expected.length, `${label}: ${reader.bytesCopied} bytes copied for ${stream.length}`);
  }
});

t.test('a corrupt length is an error, not an endless wait', async (t) => {
  const reader = new Reader();
  const bad = Buffer.from([0x44, 0, 0, 0, 2]);
  t.throws(() => reader.push(bad, () => {}), /invalid message length/);
});
