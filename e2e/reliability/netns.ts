/**
 * A real network for one browser: a Linux network namespace joined to the host by a veth pair
 * (ARCHITECTURE.md: Chrome gathers no host candidates on loopback, so the namespace gets a veth).
 * The browser in the namespace is the only one behind the veth, so traffic control on the veth
 * cuts exactly that side. `cutUdp()` shapes UDP (WebRTC media and ICE) to 8 bit/s both ways with
 * htb + u32 (this kernel has no netem, no iptables and no tc drop action), which loses every packet;
 * TCP (signaling) keeps flowing. Needs root and `ip`/`tc`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestUser } from '../fixtures/api.js';
import type { Device } from '../fixtures/call.js';
import { chromiumPath, type Profile, type ProfileOptions } from '../fixtures/profile.js';
import { startTcpCut, type TcpCut } from './tcp-cut.js';

export interface NetNs {
  name: string;
  hostIp: string;
  nsIp: string;
  /** A Chromium wrapper that runs the browser inside the namespace (for CHROMIUM_PATH). */
  chromium: string;
  cutUdp: () => void;
  /** UDP shaped to `rate` (tc syntax, e.g. `24kbit`) both ways with a short queue: a poor link, not a cut. */
  throttleUdp: (rate: string) => void;
  restoreUdp: () => void;
  remove: () => Promise<void>;
}

const run = (args: string[]) => execFileSync(args[0]!, args.slice(1), { stdio: 'pipe' });

export function netnsAvailable(): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  if (!existsSync('/usr/sbin/ip') && !existsSync('/sbin/ip')) return 'no ip(8)';
  if (!existsSync('/usr/sbin/tc') && !existsSync('/sbin/tc')) return 'no tc(8)';
  return null;
}

export async function createNetNs(): Promise<NetNs> {
  const id = `${process.pid % 1000}${Math.floor(Math.random() * 90 + 10)}`;
  const name = `rs-rel-${id}`;
  const hostIf = `rsh${id}`;
  const nsIf = `rsn${id}`;
  const octet = (Number(id) % 200) + 20;
  const hostIp = `10.77.${octet}.1`;
  const nsIp = `10.77.${octet}.2`;
  run(['ip', 'netns', 'add', name]);
  const dir = await mkdtemp(path.join(tmpdir(), 'ringside-netns-'));
  const remove = async () => {
    try {
      run(['ip', 'link', 'del', hostIf]);
    } catch {
      // Already gone with the namespace.
    }
    try {
      run(['ip', 'netns', 'del', name]);
    } catch {
      // Already removed.
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    run(['ip', 'link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
    run(['ip', 'link', 'set', nsIf, 'netns', name]);
    run(['ip', 'addr', 'add', `${hostIp}/30`, 'dev', hostIf]);
    run(['ip', 'link', 'set', hostIf, 'up']);
    run(['ip', 'netns', 'exec', name, 'ip', 'addr', 'add', `${nsIp}/30`, 'dev', nsIf]);
    run(['ip', 'netns', 'exec', name, 'ip', 'link', 'set', nsIf, 'up']);
    run(['ip', 'netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
    run(['ip', 'netns', 'exec', name, 'ip', 'route', 'add', 'default', 'via', hostIp]);
    const chromium = path.join(dir, 'chromium-in-netns');
    await writeFile(chromium, `#!/bin/sh\nexec ip netns exec ${name} ${chromiumPath()} "$@"\n`);
    await chmod(chromium, 0o755);
    const shape = (ns: string[], dev: string, rate: string, queue: number) => {
      run([...ns, 'tc', 'qdisc', 'add', 'dev', dev, 'root', 'handle', '1:', 'htb', 'default', '20']);
      run([
        ...ns,
        'tc',
        'class',
        'add',
        'dev',
        dev,
        'parent',
        '1:',
        'classid',
        '1:10',
        'htb',
        'rate',
        rate,
        'ceil',
        rate,
      ]);
      run([
        ...ns,
        'tc',
        'class',
        'add',
        'dev',
        dev,
        'parent',
        '1:',
        'classid',
        '1:20',
        'htb',
        'rate',
        '1gbit',
      ]);
      run([
        ...ns,
        'tc',
        'qdisc',
        'add',
        'dev',
        dev,
        'parent',
        '1:10',
        'handle',
        '10:',
        'pfifo',
        'limit',
        String(queue),
      ]);
      run([
        ...ns,
        'tc',
        'filter',
        'add',
        'dev',
        dev,
        'parent',
        '1:',
        'protocol',
        'ip',
        'prio',
        '1',
        'u32',
        'match',
        'ip',
        'protocol',
        '17',
        '0xff',
        'flowid',
        '1:10',
      ]);
    };
    const unshape = (ns: string[], dev: string) => {
      try {
        run([...ns, 'tc', 'qdisc', 'del', 'dev', dev, 'root']);
      } catch {
        // Not shaped.
      }
    };
    const inNs = ['ip', 'netns', 'exec', name];
    return {
      name,
      hostIp,
      nsIp,
      chromium,
      cutUdp: () => {
        shape([], hostIf, '8bit', 1);
        shape(inNs, nsIf, '8bit', 1);
      },
      throttleUdp: (rate) => {
        shape([], hostIf, rate, 10);
        shape(inNs, nsIf, rate, 10);
      },
      restoreUdp: () => {
        unshape([], hostIf);
        unshape(inNs, nsIf);
      },
      remove,
    };
  } catch (error) {
    await remove();
    throw error;
  }
}

/**
 * Signs `user` in on a new profile whose Chromium runs inside `ns`, with the site in front. The
 * browser reaches the server and the site through TCP relays on the veth's host address; they are
 * pushed to `relays` as soon as they exist, so the caller's cleanup closes them whatever fails next.
 */
export async function signedInDeviceInNetNs(
  ns: NetNs,
  options: {
    serverUrl: string;
    siteUrl: string;
    user: TestUser;
    /** Names the profile's logs and screenshots. */
    label: string;
    launchProfile: (options: ProfileOptions) => Promise<Profile>;
    relays: TcpCut[];
  },
): Promise<Device> {
  const serverRelay = await startTcpCut(options.serverUrl, ns.hostIp);
  options.relays.push(serverRelay);
  const siteRelay = await startTcpCut(options.siteUrl, ns.hostIp);
  options.relays.push(siteRelay);
  // launchProfile reads the browser path from the environment: point it at the namespace's wrapper.
  const savedPath = process.env.CHROMIUM_PATH;
  process.env.CHROMIUM_PATH = ns.chromium;
  let profile: Profile;
  try {
    profile = await options.launchProfile({ label: options.label });
  } finally {
    if (savedPath === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = savedPath;
  }
  const { username, password, displayName } = options.user;
  await profile.signIn(serverRelay.url, username, password, displayName);
  return { profile, page: await profile.openSite(`${siteRelay.url}/`), displayName };
}
