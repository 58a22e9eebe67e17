import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 standing in for a load balancer: every new connection goes to the next
 * target (round robin over the ports `targets()` returns at that moment), and `cut()` breaks every
 * connection it carries without a goodbye (a network blip, or the balancer losing a node).
 */
export async function startTcpProxy(targets: () => number[]) {
  const pairs = new Set<[Socket, Socket]>();
  let next = 0;
  const server = createServer((client) => {
    const ports = targets();
    if (ports.length === 0) return client.destroy();
    const upstream = connect(ports[next++ % ports.length]!, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Connections open right now. */
    get open(): number {
      return pairs.size;
    },
    /** Breaks every connection (both ends see a reset/close, no WebSocket close frame). */
    cut(): void {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    close(): Promise<void> {
      this.cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export type TcpProxy = Awaited<ReturnType<typeof startTcpProxy>>;

/** The port of a node URL such as http://127.0.0.1:41234. */
export const portOf = (url: string): number => Number(new URL(url).port);
