import { execFileSync } from 'node:child_process';
import { freemem, loadavg, totalmem, cpus } from 'node:os';

/** Nearest-rank percentile of a sample (p in 0..100); NaN for an empty sample. */
export function percentile(values: number[], p: number): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface Summary {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

export function summarize(values: (number | undefined)[]): Summary {
  const sample = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return {
    n: sample.length,
    median: percentile(sample, 50),
    p90: percentile(sample, 90),
    min: sample.length ? Math.min(...sample) : Number.NaN,
    max: sample.length ? Math.max(...sample) : Number.NaN,
  };
}

export function loadAverage(): string {
  return loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
}

function tryRun(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch (error) {
    return `(${(error as Error).message.split('\n')[0]})`;
  }
}

/** nproc, memory, node and chromium versions, load average: printed with every result. */
export function machineInfo(chromium: string): Record<string, string> {
  return {
    nproc: String(cpus().length),
    cpu: cpus()[0]?.model ?? '?',
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free`,
    node: process.version,
    chromium: tryRun(chromium, ['--version']),
    loadAverage: loadAverage(),
  };
}
