/**
 * A preload for profiling runs: counts and times every SQLite statement the server runs, without
 * touching the server's code. It wraps better-sqlite3's `prepare` and the statement methods, and
 * writes a table to SQL_CENSUS_FILE (default $TMPDIR/ringside-bench/sql-census.md) on exit.
 *
 *   node --import tsx --import ./bench/sql-census.ts server/main.ts
 *   (server-load.ts adds it with --sql-census)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

interface Entry {
  prepares: number;
  prepareMs: number;
  runs: number;
  runMs: number;
}

type Fn = (this: unknown, ...args: unknown[]) => unknown;

const census = new Map<string, Entry>();
const entry = (sql: string): Entry => {
  let found = census.get(sql);
  if (!found) census.set(sql, (found = { prepares: 0, prepareMs: 0, runs: 0, runMs: 0 }));
  return found;
};

const require = createRequire(join(process.cwd(), 'package.json'));
const Database = require('better-sqlite3') as { prototype: { prepare: Fn } };
const originalPrepare = Database.prototype.prepare;

Database.prototype.prepare = function prepare(this: unknown, ...args: unknown[]) {
  const sql = String(args[0]).replace(/\s+/g, ' ').trim();
  const e = entry(sql);
  const started = performance.now();
  const statement = originalPrepare.apply(this, args) as Record<string, unknown>;
  e.prepares++;
  e.prepareMs += performance.now() - started;
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = statement[method];
    if (typeof original !== 'function') continue;
    statement[method] = function timed(this: unknown, ...methodArgs: unknown[]) {
      const t0 = performance.now();
      try {
        return (original as Fn).apply(this, methodArgs);
      } finally {
        e.runs++;
        e.runMs += performance.now() - t0;
      }
    };
  }
  return statement;
};

function report(): string {
  const rows = [...census.entries()].sort(
    (a, b) => b[1].prepareMs + b[1].runMs - (a[1].prepareMs + a[1].runMs),
  );
  const total = rows.reduce(
    (sum, [, e]) => ({
      runs: sum.runs + e.runs,
      prepares: sum.prepares + e.prepares,
      ms: sum.ms + e.prepareMs + e.runMs,
    }),
    { runs: 0, prepares: 0, ms: 0 },
  );
  const lines = [
    `statements executed: ${total.runs} (prepared: ${total.prepares}), time in prepare + execute: ${total.ms.toFixed(0)} ms`,
    '',
    '| executions | prepares | prepare ms | execute ms | sql |',
    '|---:|---:|---:|---:|---|',
  ];
  for (const [sql, e] of rows.slice(0, 40)) {
    lines.push(
      `| ${e.runs} | ${e.prepares} | ${e.prepareMs.toFixed(0)} | ${e.runMs.toFixed(0)} | \`${sql.slice(0, 220)}\` |`,
    );
  }
  return lines.join('\n');
}

process.on('exit', () => {
  const file = process.env.SQL_CENSUS_FILE ?? join(tmpdir(), 'ringside-bench', 'sql-census.md');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, report());
});
