/**
 * One real server per vitest file for socket tests: started before the file's tests, closed after
 * them with every socket the tests opened through `connect`.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Account } from './api-client.js';
import { TestClient } from './socket-client.js';
import { startTestServer, type TestServer } from './test-server.js';

export interface SocketSuite {
  readonly url: string;
  connect(account: Account, deviceId?: string): Promise<TestClient>;
}

export function useSocketServer(env: Record<string, string> = {}): SocketSuite {
  let server: TestServer | undefined;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    server = await startTestServer(env);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.cleanup();
  });
  return {
    get url() {
      if (!server) throw new Error('the test server is not started yet');
      return server.url;
    },
    async connect(account, deviceId) {
      const client = await TestClient.connect(this.url, account, deviceId);
      clients.push(client);
      return client;
    },
  };
}
