// PostgreSQL v3 wire protocol: frontend message encoders and an incremental backend message reader.

/** Growable output buffer; one per connection, so building a request's pipeline allocates nothing new. */
export class Writer {
  #buf = Buffer.allocUnsafe(16 * 1024);
  #len = 0;

  #ensure(extra: number): void {
    if (this.#len + extra <= this.#buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#len + extra));
    this.#buf.copy(next, 0, 0, this.#len);
    this.#buf = next;
  }
  byte(b: number): this {
    this.#ensure(1);
    this.#buf[this.#len++] = b;
    return this;
  }
  int16(n: number): this {
    this.#ensure(2);
    this.#buf.writeInt16BE(n, this.#len);
    this.#len += 2;
    return this;
  }
  int32(n: number): this {
    this.#ensure(4);
    this.#buf.writeInt32BE(n, this.#len);
    this.#len += 4;
    return this;
  }
  /** A NUL-terminated string. */
  cstr(s: string): this {
    const n = Buffer.byteLength(s);
    this.#ensure(n + 1);
    this.#len += this.#buf.write(s, this.#len, 'utf8');
    this.#buf[this.#len++] = 0;
    return this;
  }
  bytes(b: Buffer): this {
    this.#ensure(b.length);
    b.copy(this.#buf, this.#len);
    this.#len += b.length;
    return this;
  }
  /** A length-prefixed UTF-8 string (Bind parameter). */
  lenString(s: string): this {
    const n = Buffer.byteLength(s);
    this.#ensure(n + 4);
    this.#buf.writeInt32BE(n, this.#len);
    this.#len += 4;
    this.#len += this.#buf.write(s, this.#len, 'utf8');
    return this;
  }
  /** Starts a typed message; returns the offset to pass to `end`. */
  begin(type: number): number {
    this.byte(type);
    const at = this.#len;
    this.int32(0);
    return at;
  }
  end(at: number): void {
    this.#buf.writeInt32BE(this.#len - at, at);
  }
  get length(): number {
    return this.#len;
  }
  /** Copies out everything written and resets. */
  flush(): Buffer {
    const out = Buffer.from(this.#buf.subarray(0, this.#len));
    this.#len = 0;
    return out;
  }
}

const c = (ch: string) => ch.charCodeAt(0);

export function startupMessage(params: Record<string, string>): Buffer {
  const w = new Writer();
  w.int32(0).int32(196608);
  for (const [k, v] of Object.entries(params)) w.cstr(k).cstr(v);
  w.byte(0);
  const b = w.flush();
  b.writeInt32BE(b.length, 0);
  return b;
}

export function sslRequest(): Buffer {
  const b = Buffer.alloc(8);
  b.writeInt32BE(8, 0);
  b.writeInt32BE(80877103, 4);
  return b;
}

export function cancelRequest(pid: number, secret: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32BE(16, 0);
  b.writeInt32BE(80877102, 4);
  b.writeInt32BE(pid, 8);
  b.writeInt32BE(secret, 12);
  return b;
}

export function passwordMessage(w: Writer, payload: string | Buffer): void {
  const at = w.begin(c('p'));
  if (typeof payload === 'string') w.cstr(payload);
  else w.bytes(payload);
  w.end(at);
}

export function saslInitial(w: Writer, mechanism: string, data: Buffer): void {
  const at = w.begin(c('p'));
  w.cstr(mechanism).int32(data.length).bytes(data);
  w.end(at);
}

export function parse(w: Writer, name: string, text: string): void {
  const at = w.begin(c('P'));
  w.cstr(name).cstr(text).int16(0);
  w.end(at);
}

export function describeStatement(w: Writer, name: string): void {
  const at = w.begin(c('D'));
  w.byte(c('S')).cstr(name);
  w.end(at);
}

/** Bind to the unnamed portal; every parameter as text (format 0), results as text. */
export function bind(w: Writer, statement: string, values: readonly unknown[]): void {
  const at = w.begin(c('B'));
  w.byte(0).cstr(statement).int16(0).int16(values.length);
  for (const v of values) {
    if (v === null || v === undefined) w.int32(-1);
    else w.lenString(typeof v === 'string' ? v : textOf(v));
  }
  w.int16(0);
  w.end(at);
}

function textOf(v: unknown): string {
  if (Buffer.isBuffer(v)) return '\\x' + v.toString('hex');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function execute(w: Writer): void {
  const at = w.begin(c('E'));
  w.byte(0).int32(0);
  w.end(at);
}

export function closeStatement(w: Writer, name: string): void {
  const at = w.begin(c('C'));
  w.byte(c('S')).cstr(name);
  w.end(at);
}

export function sync(w: Writer): void {
  w.byte(c('S')).int32(4);
}

/** A simple Query (used for trusted fixed statements such as COMMIT/ROLLBACK). */
export function query(w: Writer, text: string): void {
  const at = w.begin(c('Q'));
  w.cstr(text);
  w.end(at);
}

export function terminate(w: Writer): void {
  w.byte(c('X')).int32(4);
}

/**
 * Splits the incoming byte stream into whole messages (type byte + body without the length).
 * Linear in the bytes received: a message split across chunks gets one buffer of its full size, allocated
 * when its header arrives, and every later chunk is copied into it once. (Concatenating the partial
 * message with each new chunk is quadratic: a 100 MB result body arrives as one DataRow in ~64 KB chunks.)
 */
export class Reader {
  /** The message being assembled (full size), and how many of its bytes have arrived. */
  #partial: Buffer | null = null;
  #filled = 0;
  /** Fewer than the 5 header bytes of the next message. */
  #header: Buffer | null = null;
  /** Bytes copied to assemble split messages (each byte received is copied at most once). */
  bytesCopied = 0;

  /** Calls `onMessage(type, buffer, start, end)` for every complete message in the stream so far. */
  push(chunk: Buffer, onMessage: (type: number, buf: Buffer, start: number, end: number) => void): void {
    let pos = 0;
    if (this.#header !== null) {
      const head = Buffer.concat([this.#header, chunk.subarray(0, 5 - this.#header.length)]);
      pos = head.length - this.#header.length;
      this.#header = null;
      if (head.length < 5) {
        this.#header = head;
        return;
      }
      this.#startPartial(head, 0, head.length);
    }
    if (this.#partial !== null) {
      const partial = this.#partial;
      const take = Math.min(partial.length - this.#filled, chunk.length - pos);
      chunk.copy(partial, this.#filled, pos, pos + take);
      this.bytesCopied += take;
      this.#filled += take;
      pos += take;
      if (this.#filled < partial.length) return;
      this.#partial = null;
      onMessage(partial[0]!, partial, 5, partial.length);
    }
    while (chunk.length - pos >= 5) {
      const len = messageLength(chunk, pos);
      if (chunk.length - pos < len + 1) break;
      onMessage(chunk[pos]!, chunk, pos + 5, pos + 1 + len);
      pos += len + 1;
    }
    if (pos === chunk.length) return;
    if (chunk.length - pos < 5) {
      this.#header = Buffer.from(chunk.subarray(pos));
      this.bytesCopied += chunk.length - pos;
    } else {
      this.#startPartial(chunk, pos, chunk.length);
    }
  }

  /** Allocates the whole message once its header (at `from`) is known, and copies what arrived so far. */
  #startPartial(source: Buffer, from: number, to: number): void {
    const partial = Buffer.allocUnsafe(messageLength(source, from) + 1);
    source.copy(partial, 0, from, to);
    this.bytesCopied += to - from;
    this.#partial = partial;
    this.#filled = to - from;
  }
}

/** The length field of the message at `pos` (it counts itself, not the type byte). */
function messageLength(buf: Buffer, pos: number): number {
  const len = buf.readInt32BE(pos + 1);
  if (len < 4) throw new Error(`invalid message length ${len} from the server`);
  return len;
}

/** Fields of an ErrorResponse/NoticeResponse by their one-letter codes. */
export function parseFields(buf: Buffer, start: number, end: number): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = start;
  while (pos < end && buf[pos] !== 0) {
    const code = String.fromCharCode(buf[pos]!);
    const zero = buf.indexOf(0, pos + 1);
    out[code] = buf.toString('utf8', pos + 1, zero);
    pos = zero + 1;
  }
  return out;
}

export interface FieldInfo {
  name: string;
  typeOid: number;
}

export function parseRowDescription(buf: Buffer, start: number): FieldInfo[] {
  const count = buf.readInt16BE(start);
  const fields: FieldInfo[] = [];
  let pos = start + 2;
  for (let i = 0; i < count; i++) {
    const zero = buf.indexOf(0, pos);
    const name = buf.toString('utf8', pos, zero);
    pos = zero + 1;
    const typeOid = buf.readInt32BE(pos + 6);
    fields.push({ name, typeOid });
    pos += 18;
  }
  return fields;
}

/** A DataRow's columns as text (null for SQL NULL). */
export function parseDataRow(buf: Buffer, start: number): Array<string | null> {
  const count = buf.readInt16BE(start);
  const values: Array<string | null> = new Array(count);
  let pos = start + 2;
  for (let i = 0; i < count; i++) {
    const len = buf.readInt32BE(pos);
    pos += 4;
    if (len < 0) values[i] = null;
    else {
      values[i] = buf.toString('utf8', pos, pos + len);
      pos += len;
    }
  }
  return values;
}
