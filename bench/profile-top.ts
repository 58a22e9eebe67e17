/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time,
 * and the packages/files they belong to.
 *
 *   tsx bench/profile-top.ts bench/results/prof/CPU.*.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Hotspot {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

function shortUrl(url: string): string {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm + 'node_modules/'.length);
  const repo = path.indexOf('/work/main/');
  return repo >= 0 ? path.slice(repo + '/work/main/'.length) : path;
}

function packageOf(url: string): string {
  const short = shortUrl(url);
  if (short.startsWith('node:') || short === '(native)')
    return short === '(native)' ? '(native/GC/idle)' : 'node core';
  if (url.includes('node_modules/')) {
    const parts = short.split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? short);
  }
  return short.split('/').slice(0, 2).join('/');
}

export function summarize(
  profile: CpuProfile,
  top = 25,
): { functions: Hotspot[]; packages: Hotspot[]; totalMs: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, Hotspot>();
  const pkg = new Map<string, Hotspot>();
  for (const [id, us] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const name = frame.functionName || '(anonymous)';
    if (name === '(idle)' || name === '(program)') continue;
    const where = `${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    const key = `${name} ${where}`;
    const entry = fn.get(key) ?? { name, where, selfMs: 0, share: 0 };
    entry.selfMs += us / 1000;
    fn.set(key, entry);
    const pname = name === '(garbage collector)' ? '(garbage collector)' : packageOf(frame.url);
    const pentry = pkg.get(pname) ?? { name: pname, where: '', selfMs: 0, share: 0 };
    pentry.selfMs += us / 1000;
    pkg.set(pname, pentry);
  }
  const idleUs = profile.samples.reduce((sum, id, i) => {
    const name = byId.get(id)?.callFrame.functionName;
    return name === '(idle)' || name === '(program)' ? sum + (profile.timeDeltas[i] ?? 0) : sum;
  }, 0);
  const busyMs = (totalUs - idleUs) / 1000;
  const finish = (map: Map<string, Hotspot>) =>
    [...map.values()]
      .map((h) => ({ ...h, share: busyMs > 0 ? h.selfMs / busyMs : 0 }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top);
  return { functions: finish(fn), packages: finish(pkg), totalMs: busyMs };
}

export function formatSummary(summary: ReturnType<typeof summarize>): string {
  const lines = [
    `busy (non-idle) CPU time: ${summary.totalMs.toFixed(0)} ms`,
    '',
    '| self ms | share | package |',
    '|---:|---:|---|',
  ];
  for (const h of summary.packages)
    lines.push(`| ${h.selfMs.toFixed(0)} | ${(h.share * 100).toFixed(1)}% | ${h.name} |`);
  lines.push('', '| self ms | share | function | where |', '|---:|---:|---|---|');
  for (const h of summary.functions) {
    lines.push(`| ${h.selfMs.toFixed(0)} | ${(h.share * 100).toFixed(1)}% | ${h.name} | ${h.where} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const topIndex = args.indexOf('--top');
  const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 25;
  const files = args.filter((arg, i) => !arg.startsWith('--') && i !== topIndex + 1);
  for (const file of files) {
    console.info(`## ${file}\n`);
    console.info(formatSummary(summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top)));
  }
}
