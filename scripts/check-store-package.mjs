#!/usr/bin/env node
// `npm run check:build` (after `wxt zip`): the Chrome Web Store package is what we mean to ship.
// - its manifest asks for exactly the permissions in store/permissions.json (no more, no fewer);
// - it holds no source maps (no *.map file, no sourceMappingURL comment) and no e2e debug surface;
// - its size is printed (and it stays under the store's limit with a wide margin).
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';

const outputDir = '.output';
const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));
const zipPath =
  process.argv[2] ?? path.join(outputDir, `${packageJson.name}-${packageJson.version}-chrome.zip`);
const expected = JSON.parse(readFileSync('store/permissions.json', 'utf8'));
/** Names only the e2e build has (scripts/check-production-build.mjs). */
const debugNames = ['ringsideDebug', 'debug:get-stats', 'debug-to-offscreen'];
const maxBytes = 10 * 1024 * 1024;

let files;
try {
  files = unzipSync(readFileSync(zipPath));
} catch (error) {
  console.error(`check-store-package: cannot read ${zipPath} (run \`npm run zip\` first): ${error.message}`);
  process.exit(1);
}
const problems = [];
const manifestBytes = files['manifest.json'];
if (!manifestBytes) {
  console.error(`check-store-package: ${zipPath} has no manifest.json at its root`);
  process.exit(1);
}
const manifest = JSON.parse(strFromU8(manifestBytes));

/** Order-free comparison: permissions are sets. */
const canonical = (value) =>
  JSON.stringify(
    Array.isArray(value)
      ? value.map(canonical).sort()
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, JSON.parse(canonical(value[key]))]),
          )
        : value,
  );
for (const field of Object.keys(expected).filter((key) => !key.startsWith('$'))) {
  const actual = manifest[field] ?? [];
  const wanted = expected[field];
  const shape = (list) =>
    field === 'content_scripts' ? list.map((script) => ({ matches: script.matches ?? [] })) : list;
  if (canonical(shape(actual)) !== canonical(shape(wanted)))
    problems.push(
      `manifest ${field} is ${JSON.stringify(actual)}, store/permissions.json says ${JSON.stringify(wanted)}`,
    );
}

let scripts = 0;
for (const [name, bytes] of Object.entries(files)) {
  if (name.endsWith('.map')) problems.push(`${name}: a source map in the package`);
  if (!/\.(js|mjs|css|html)$/.test(name)) continue;
  const text = strFromU8(bytes);
  if (name.endsWith('.js')) scripts += 1;
  if (/[#@] sourceMappingURL=/.test(text)) problems.push(`${name}: points to a source map`);
  for (const debugName of debugNames)
    if (text.includes(debugName)) problems.push(`${name}: contains the e2e debug name "${debugName}"`);
}

const size = statSync(zipPath).size;
if (size > maxBytes) problems.push(`${zipPath} is ${size} bytes, over ${maxBytes}`);
const unpacked = Object.values(files).reduce((sum, bytes) => sum + bytes.length, 0);

if (problems.length > 0) {
  console.error(`check-store-package: ${zipPath} is not fit to publish:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.info(
  `check-store-package: ${zipPath}: ${(size / 1024).toFixed(1)} KiB zipped, ${(unpacked / 1024).toFixed(1)} KiB unpacked, ` +
    `${Object.keys(files).length} files (${scripts} scripts), manifest ${manifest.version}; ` +
    `permissions as in store/permissions.json (${manifest.permissions.join(', ')}; hosts ${manifest.host_permissions.join(', ')}), no source maps`,
);
