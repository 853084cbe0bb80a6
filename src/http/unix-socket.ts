// Unix socket housekeeping (PostgREST's server-unix-socket): a stale file from a dead process is removed, a live one is an error.
import { chmod, lstat, unlink } from 'node:fs/promises';
import net from 'node:net';

export async function prepareUnixSocket(file: string): Promise<void> {
  const stat = await lstat(file).catch(() => null);
  if (stat === null) return;
  if (!stat.isSocket()) throw new Error(`--server-unix-socket ${file} exists and is not a socket; refusing to replace it`);
  if (await answers(file)) throw new Error(`--server-unix-socket ${file} is in use by a running process`);
  await unlink(file);
}

export async function setSocketMode(file: string, mode: number): Promise<void> {
  await chmod(file, mode);
}

function answers(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(file);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
