// Before server workers share a port (SO_REUSEPORT), the main thread takes it exclusively once: a port another process
// holds stays an error, and port 0 becomes the one free port every worker then listens on.
import net from 'node:net';
import { listenError } from '../http/listen-error.ts';

export async function probePort(host: string, port: number): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) => reject(listenError(`${host}:${port}`, error)));
    probe.listen({ host, port, exclusive: true }, resolve);
  });
  const taken = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return taken;
}
