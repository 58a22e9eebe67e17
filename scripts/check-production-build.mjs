#!/usr/bin/env node
// `npm run check:build`: the production build (`wxt build`) must hold none of the e2e build's debug
// surface (extension/lib/messages/debug.ts) and must not patch chrome.runtime. When the e2e build
// (`wxt build --mode e2e`) is there too, it must hold every debug name: proof the names are right.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const productionDir = process.argv[2] ?? '.output/chrome-mv3';
const e2eDir = process.argv[3] ?? '.output/chrome-mv3-e2e';
/** The debug surface's names, and the test hooks it replaced. */
const debugNames = ['ringsideDebug', 'debug:get-stats', 'debug:get-share-stats', 'debug-to-offscreen'];
const removedHooks = ['call:get-state', 'media:get-stats'];
const runtimePatch = /defineProperty\(\s*chrome\.runtime/;

function scripts(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file: path.join(dir, file), text: readFileSync(path.join(dir, file), 'utf8') }));
}

if (!existsSync(path.join(productionDir, 'manifest.json'))) {
  console.error(`check-production-build: no build at ${productionDir} (run \`wxt build\` first)`);
  process.exit(1);
}
const problems = [];
const production = scripts(productionDir);
for (const { file, text } of production) {
  for (const name of [...debugNames, ...removedHooks])
    if (text.includes(name)) problems.push(`${file} contains "${name}"`);
  if (runtimePatch.test(text)) problems.push(`${file} patches chrome.runtime`);
}
if (existsSync(path.join(e2eDir, 'manifest.json'))) {
  const e2e = scripts(e2eDir)
    .map(({ text }) => text)
    .join('\n');
  for (const name of debugNames)
    if (!e2e.includes(name)) problems.push(`the e2e build (${e2eDir}) lacks "${name}": is the list stale?`);
}
if (problems.length > 0) {
  console.error(
    `check-production-build: the production build holds test-only code:\n  ${problems.join('\n  ')}`,
  );
  process.exit(1);
}
console.info(`check-production-build: ${production.length} scripts in ${productionDir}, no debug surface`);
