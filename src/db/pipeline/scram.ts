// SCRAM-SHA-256 client (RFC 5802/7677) and PostgreSQL's md5 password hash.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

const hmac = (key: Buffer, data: string | Buffer) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();
const xor = (a: Buffer, b: Buffer) => Buffer.from(a.map((x, i) => x ^ b[i]!));

export class ScramClient {
  readonly #nonce = randomBytes(18).toString('base64');
  #bare = '';
  #serverSignature: Buffer | null = null;

  constructor(readonly password: string) {}

  first(): Buffer {
    this.#bare = `n=*,r=${this.#nonce}`;
    return Buffer.from(`n,,${this.#bare}`);
  }

  /** Answers the server-first message with the client-final message. */
  final(serverFirst: string): Buffer {
    const attrs = parseAttrs(serverFirst);
    const nonce = attrs.r,
      salt = attrs.s,
      iterations = Number(attrs.i);
    if (!nonce || !nonce.startsWith(this.#nonce) || !salt || !Number.isInteger(iterations) || iterations < 1) {
      throw new Error('SCRAM: invalid server-first message');
    }
    const salted = pbkdf2Sync(this.password.normalize('NFKC'), Buffer.from(salt, 'base64'), iterations, 32, 'sha256');
    const clientKey = hmac(salted, 'Client Key');
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.#bare},${serverFirst},${withoutProof}`;
    const proof = xor(clientKey, hmac(sha256(clientKey), authMessage));
    this.#serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
    return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`);
  }

  /** Throws unless the server proved it knows the password too. */
  verify(serverFinal: string): void {
    const v = parseAttrs(serverFinal).v;
    const got = v ? Buffer.from(v, 'base64') : Buffer.alloc(0);
    if (!this.#serverSignature || got.length !== 32 || !timingSafeEqual(got, this.#serverSignature)) {
      throw new Error('SCRAM: the server signature does not match');
    }
  }
}

function parseAttrs(message: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

export function md5Password(user: string, password: string, salt: Buffer): string {
  const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');
  return 'md5' + md5(Buffer.concat([Buffer.from(md5(password + user)), salt]));
}
