/**
 * A loopback TCP relay between one browser and the server: the signaling path of that browser only.
 * `cut()` destroys every relayed connection and stops listening (connection refused), a real loss of
 * that side's signaling; WebRTC media between the browsers is UDP and does not go through it.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpCut {
  url: string;
  cut: () => Promise<void>;
  restore: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startTcpCut(targetUrl: string, host = '127.0.0.1'): Promise<TcpCut> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let port = 0;
  let server: Server | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      next.once('error', reject);
      next.listen(port, host, () => {
        port = (next.address() as { port: number }).port;
        server = next;
        resolve();
      });
    });
  const stop = async () => {
    const current = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };
  await listen();
  return { url: `http://${host}:${port}`, cut: stop, restore: listen, close: stop };
}
