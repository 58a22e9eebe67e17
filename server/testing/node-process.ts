import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../config.js';

/** A server started as its own process (`server/main.ts`), as production runs it. */
export interface NodeProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far (JSON log lines), for failure messages. */
  output(): string;
  /** Sends the signal and resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Spawns `server/main.ts` on port 0 with `env` on top of the test defaults, and resolves with its
 * URL, parsed from the `"msg":"listening"` log line.
 */
export async function spawnNode(env: Env): Promise<NodeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ringside-node-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      SCRYPT_LOG_N: '10',
      REGISTER_RATE_MAX: '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => rmSync(dataDir, { recursive: true, force: true }));

  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const line = output.split('\n').find((text) => text.includes('"msg":"listening"'));
      const match = line ? /"url":"(http:\/\/[^"]+)"/.exec(line) : null;
      if (match?.[1]) {
        child.stdout.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`node exited ${code} before listening:\n${output}`)));
  });

  return {
    url,
    child,
    output: () => output,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
