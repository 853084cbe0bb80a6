// Raw HTTP/1.1 over a socket: what a hostile client sends, and whether the server answered and closed.
import net from 'node:net';

export interface RawExchange {
  /** Everything the server sent. */
  text: string;
  /** Status codes of every response in `text`, in order. */
  statuses: number[];
  /** The server closed (or reset) the connection before the timeout. */
  closed: boolean;
}

export function rawExchange(port: number, request: string | Buffer, timeoutMs = 3000): Promise<RawExchange> {
  return new Promise((resolve) => {
    let text = '';
    let settled = false;
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
      resolve({ text, statuses, closed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}
