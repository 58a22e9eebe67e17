#!/usr/bin/env node
// `npm start`: build the extension (when its sources are present) and run the server on the embedded default.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

if (existsSync('extension')) {
  const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  console.info(
    '\nExtension built: load .output/chrome-mv3 in chrome://extensions (Developer mode -> Load unpacked).\n',
  );
}

const server = spawn('npx', ['tsx', 'server/main.ts'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
