/**
 * Compares bench:setup result files (the `--out` JSON of bench/call-setup.ts) side by side, with the
 * per-call steps that do not depend on the server and the network: the callee worker -> overlay
 * document start, the overlay's document start -> `is calling`, and each figure's ratio to the floor
 * of its own run.
 *
 *   npx tsx bench/call-setup-compare.ts BEFORE.json AFTER.json [...]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Result {
  extensionDir: string;
  samples: {
    warmup: boolean;
    loadAverage: string;
    floor?: { firstFrame: number };
    steps: Record<string, number | undefined>;
  }[];
  popupToContacts?: { median: number; p90: number };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
const rows: [string, (steps: Record<string, number | undefined>) => number | undefined][] = [
  ['ring: click -> callee overlay text', (s) => s['click -> callee overlay text']],
  ['click -> server ringing', (s) => s['click -> server ringing']],
  [
    'callee worker incoming -> overlay document start',
    (s) => diff(s['click -> callee overlay document start'], s['click -> callee worker incoming']),
  ],
  [
    'overlay document start -> app mounted',
    (s) => diff(s['click -> callee overlay app mounted'], s['click -> callee overlay document start']),
  ],
  [
    'overlay document start -> `is calling`',
    (s) => diff(s['click -> callee overlay text'], s['click -> callee overlay document start']),
  ],
  ['Accept -> server active', (s) => s['accept -> server active']],
  [
    'Accept -> callee worker active (ICE+DTLS)',
    (s) => s['accept -> callee worker active (ICE+DTLS connected)'],
  ],
  ['Accept -> first remote frame, callee', (s) => s['accept -> callee first remote frame']],
  ['Accept -> first remote frame, caller', (s) => s['accept -> caller first remote frame']],
];
function diff(a: number | undefined, b: number | undefined) {
  return a === undefined || b === undefined ? undefined : a - b;
}

const files = process.argv.slice(2);
const results = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Result);
const header = [
  'metric (ms), median / p90 (median ratio to the floor)',
  ...files.map((f) => path.basename(f)),
];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
const floorOf = (r: Result) =>
  quantile(
    r.samples.filter((s) => !s.warmup && s.floor).map((s) => s.floor!.firstFrame),
    0.5,
  );
const cell = (xs: number[], floor: number) =>
  `${quantile(xs, 0.5)} / ${quantile(xs, 0.9)} (${(quantile(xs, 0.5) / floor).toFixed(2)}x)`;
lines.push(
  `| floor: createOffer -> first remote frame | ${results
    .map((r) => {
      const xs = r.samples.filter((s) => !s.warmup && s.floor).map((s) => s.floor!.firstFrame);
      return `${quantile(xs, 0.5)} / ${quantile(xs, 0.9)}`;
    })
    .join(' | ')} |`,
);
for (const [name, pick] of rows) {
  lines.push(
    `| ${name} | ${results
      .map((r) => {
        const xs = r.samples
          .filter((s) => !s.warmup)
          .map((s) => pick(s.steps))
          .filter((x): x is number => x !== undefined);
        return cell(xs, floorOf(r));
      })
      .join(' | ')} |`,
  );
}
lines.push(
  `| popup opened -> contact list shown | ${results.map((r) => (r.popupToContacts ? `${r.popupToContacts.median} / ${r.popupToContacts.p90} (${(r.popupToContacts.median / floorOf(r)).toFixed(2)}x)` : '-')).join(' | ')} |`,
);
lines.push(
  `| 1-minute load average at the calls (min-max) | ${results
    .map((r) => {
      const xs = r.samples.filter((s) => !s.warmup).map((s) => Number(s.loadAverage.split(' ')[0]));
      return `${Math.min(...xs)}-${Math.max(...xs)}`;
    })
    .join(' | ')} |`,
);
console.info(lines.join('\n'));
