/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time,
 * and the packages/files they belong to.
 *
 *   tsx bench/profile-top.ts bench/results/prof/CPU.*.cpuprofile [--top 25] [--callers writev,writeUtf8String]
 *
 * `--callers` sums the self time of the named functions by the stack that called them (8 frames up):
 * who issues the system calls, for example.
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

/** Self time of the functions named `names`, summed by their callers' stack (innermost first). */
export function callersOf(
  profile: CpuProfile,
  names: string[],
  top = 12,
): { stack: string; selfMs: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byStack = new Map<string, number>();
  for (const node of profile.nodes) {
    if (!names.includes(node.callFrame.functionName)) continue;
    const frames: string[] = [];
    for (let id = parent.get(node.id); id !== undefined && frames.length < 8; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (frame) frames.push(`${frame.functionName || '(anonymous)'} (${packageOf(frame.url)})`);
    }
    const stack = frames.join(' < ');
    byStack.set(stack, (byStack.get(stack) ?? 0) + (self.get(node.id) ?? 0) / 1000);
  }
  return [...byStack]
    .map(([stack, selfMs]) => ({ stack, selfMs }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
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
  const valueOf = (flag: string) => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const top = Number(valueOf('--top') ?? 25);
  const callers = valueOf('--callers')?.split(',');
  const values = new Set([valueOf('--top'), valueOf('--callers')]);
  const files = args.filter((arg) => !arg.startsWith('--') && !values.has(arg));
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    console.info(`## ${file}\n`);
    console.info(formatSummary(summarize(profile, top)));
    if (!callers) continue;
    console.info(`\n| self ms | callers of ${callers.join(', ')} |\n|---:|---|`);
    for (const { stack, selfMs } of callersOf(profile, callers))
      console.info(`| ${selfMs.toFixed(0)} | ${stack} |`);
  }
}
