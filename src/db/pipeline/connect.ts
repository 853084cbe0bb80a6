// Opens one authenticated connection: TCP (optional TLS per sslmode) or a Unix socket, startup, password/md5/SCRAM auth.
import net from 'node:net';
import tls from 'node:tls';
import { DatabaseError } from '../../errors/database-error.ts';
import { CONFORMING_STRINGS, isNonConforming, nonConformingMessage, STARTUP_SETTINGS } from '../conforming-strings.ts';
import type { ConnectionOptions } from './connection-options.ts';
import { parseFields, passwordMessage, Reader, saslInitial, sslRequest, startupMessage, Writer } from './protocol.ts';
import { md5Password, ScramClient } from './scram.ts';

export interface OpenSocket {
  socket: net.Socket;
  reader: Reader;
  pid: number;
  secret: number;
}

export async function openConnection(options: ConnectionOptions): Promise<OpenSocket> {
  const raw = await socketConnect(options);
  try {
    const socket = await negotiateTls(raw, options);
    socket.setNoDelay(true);
    return await authenticate(socket, options);
  } catch (error) {
    raw.destroy();
    throw error;
  }
}

function socketConnect(options: ConnectionOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = options.socketPath ? net.connect({ path: options.socketPath }) : net.connect({ host: options.host, port: options.port });
    const timer = setTimeout(() => socket.destroy(new Error(`connect timeout after ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

async function negotiateTls(socket: net.Socket, options: ConnectionOptions): Promise<net.Socket> {
  const mode = options.sslMode;
  // libpq ignores sslmode on a Unix socket: the bytes never leave the machine.
  if (mode === 'disable' || mode === 'allow' || options.socketPath) return socket;
  const answer = await new Promise<string>((resolve, reject) => {
    socket.once('data', (d: Buffer) => {
      socket.removeListener('error', reject);
      resolve(String.fromCharCode(d[0]!));
    });
    socket.once('error', reject);
    socket.write(sslRequest());
  });
  if (answer !== 'S') {
    if (mode === 'prefer') return socket;
    throw new Error('the server does not support SSL, but sslmode=' + mode + ' requires it');
  }
  const verify = mode === 'verify-ca' || mode === 'verify-full';
  return new Promise((resolve, reject) => {
    const secure = tls.connect({
      socket,
      servername: net.isIP(options.host) ? undefined : options.host,
      rejectUnauthorized: verify,
      ca: options.sslRootCert ?? undefined,
      // verify-ca checks the chain only; verify-full also checks the host name (Node's default check).
      checkServerIdentity: mode === 'verify-full' ? (_name, cert) => tls.checkServerIdentity(options.host, cert) : () => undefined,
    });
    secure.once('secureConnect', () => {
      secure.removeListener('error', reject);
      resolve(secure);
    });
    secure.once('error', reject);
  });
}

function authenticate(socket: net.Socket, options: ConnectionOptions): Promise<OpenSocket> {
  return new Promise((resolve, reject) => {
    const reader = new Reader();
    const w = new Writer();
    let scram: ScramClient | null = null;
    let pid = 0,
      secret = 0;
    let conforming: string | undefined;
    const timer = setTimeout(() => fail(new Error('authentication timed out')), options.connectTimeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      try {
        reader.push(chunk, (type, buf, start, end) => {
          if (type === 0x52 /* R */) {
            const kind = buf.readInt32BE(start);
            if (kind === 0) return;
            if (kind === 3) passwordMessage(w, options.password);
            else if (kind === 5) passwordMessage(w, md5Password(options.user, options.password, buf.subarray(start + 4, start + 8)));
            else if (kind === 10) {
              const mechanisms = buf.toString('utf8', start + 4, end).split('\0');
              if (!mechanisms.includes('SCRAM-SHA-256')) throw new Error(`unsupported SASL mechanisms: ${mechanisms.filter(Boolean).join(', ')}`);
              scram = new ScramClient(options.password);
              saslInitial(w, 'SCRAM-SHA-256', scram.first());
            } else if (kind === 11) passwordMessage(w, scram!.final(buf.toString('utf8', start + 4, end)));
            else if (kind === 12) return scram!.verify(buf.toString('utf8', start + 4, end));
            else throw new Error(`unsupported authentication method ${kind}`);
            socket.write(w.flush());
          } else if (type === 0x4b /* K */) {
            pid = buf.readInt32BE(start);
            secret = buf.readInt32BE(start + 4);
          } else if (type === 0x53 /* S ParameterStatus */) {
            const [name = '', value = ''] = buf.toString('utf8', start, end).split('\0');
            if (name === CONFORMING_STRINGS) conforming = value;
            if (isNonConforming(name, value)) throw new Error(nonConformingMessage(value));
          } else if (type === 0x45 /* E */) {
            const f = parseFields(buf, start, end);
            throw new DatabaseError(f.C ?? 'XX000', f.M ?? 'connection failed', f.D ?? null, f.H ?? null);
          } else if (type === 0x5a /* Z */) {
            if (conforming !== 'on') throw new Error(nonConformingMessage(conforming));
            clearTimeout(timer);
            cleanup();
            resolve({ socket, reader, pid, secret });
          }
        });
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    };
    const onError = (e: Error) => fail(e);
    const onClose = () => fail(new Error('the server closed the connection during start-up'));
    const cleanup = () => {
      socket.removeListener('data', onData);
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.write(
      startupMessage({
        user: options.user,
        database: options.database,
        application_name: options.applicationName,
        client_encoding: 'UTF8',
        ...STARTUP_SETTINGS,
      }),
    );
  });
}
