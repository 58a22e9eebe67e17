/**
 * Where an extension page's boot goes (issue 12): opens `overlay.html` or `popup.html` of a build as a
 * tab N times and prints, per run, resource timings of its chunks, DOMContentLoaded and the time the app
 * root first has content; with `--cpu` also a CPU profile summary (self time by script URL) of the runs.
 *
 *   RINGSIDE_EXTENSION_DIR=/path/to/build npx tsx bench/boot-profile.ts --page overlay.html --runs 8
 */
import { parseArgs } from 'node:util';
import { Profile } from '../e2e/fixtures/profile.js';

const { values: args } = parseArgs({
  options: {
    page: { type: 'string', default: 'overlay.html' },
    runs: { type: 'string', default: '8' },
    cpu: { type: 'boolean', default: false },
  },
});

interface Boot {
  mounted: number;
  dcl: number;
  resources: { name: string; end: number }[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const profile = await Profile.launch({ label: 'boot', extensionDir: process.env.RINGSIDE_EXTENSION_DIR });
try {
  await profile.context.addInitScript(() => {
    const w = window as unknown as { __mounted?: number };
    new MutationObserver(() => {
      if (w.__mounted === undefined && (document.getElementById('app')?.childElementCount ?? 0) > 0)
        w.__mounted = performance.now();
    }).observe(document, { subtree: true, childList: true });
  });
  const boots: Boot[] = [];
  const selfByUrl = new Map<string, number>();
  for (let i = 0; i < Number(args.runs) + 1; i++) {
    const page = await profile.context.newPage();
    const cdp = args.cpu ? await profile.context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    await page.goto(profile.extensionUrl(args.page!));
    await page.waitForFunction(() => (window as unknown as { __mounted?: number }).__mounted !== undefined);
    const boot = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return {
        mounted: Math.round((window as unknown as { __mounted: number }).__mounted),
        dcl: Math.round(nav.domContentLoadedEventEnd),
        resources: performance.getEntriesByType('resource').map((r) => ({
          name: r.name.split('/').pop()!,
          end: Math.round((r as PerformanceResourceTiming).responseEnd),
        })),
      };
    });
    if (cdp) {
      const { profile: cpu } = await cdp.send('Profiler.stop');
      const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
      const dt = cpu.timeDeltas ?? [];
      (cpu.samples ?? []).forEach((id, k) => {
        const node = byId.get(id)!;
        const key = `${node.callFrame.url.split('/').pop() || '(' + node.callFrame.functionName + ')'}`;
        if (i > 0) selfByUrl.set(key, (selfByUrl.get(key) ?? 0) + (dt[k] ?? 0) / 1000);
      });
    }
    if (i > 0) boots.push(boot); // the first run warms the disk cache
    await page.close();
  }
  for (const b of boots)
    console.info(
      `mounted ${b.mounted} ms, DOMContentLoaded ${b.dcl} ms; ${b.resources.map((r) => `${r.name}@${r.end}`).join(' ')}`,
    );
  console.info(
    `median: mounted ${median(boots.map((b) => b.mounted))} ms, DOMContentLoaded ${median(boots.map((b) => b.dcl))} ms`,
  );
  if (args.cpu) {
    const rows = [...selfByUrl].sort((a, b) => b[1] - a[1]).slice(0, 15);
    for (const [url, ms] of rows) console.info(`cpu self ${(ms / boots.length).toFixed(1)} ms/run  ${url}`);
  }
} finally {
  await profile.close();
}
