/**
 * The network part of "Test my setup": one RTCPeerConnection with the server's ICE servers that
 * only gathers candidates. It never gets a remote description, so nothing is sent to anyone but
 * the STUN/TURN servers themselves (binding requests, one TURN allocation with the issued
 * credentials, released on close).
 */
import type { IceServer } from '../../../../protocol';

export interface NetworkProbe {
  /** Whether the server lists STUN / TURN servers at all. */
  stunListed: boolean;
  turnListed: boolean;
  /** A server-reflexive candidate came back (a STUN or TURN server answered). */
  srflx: boolean;
  /** A relay candidate came back: the TURN server accepted the issued credentials. */
  relay: boolean;
  /** TURN answered 401/403-type errors: the credentials were refused. */
  turnRefused: boolean;
  elapsedMs: number;
}

const urlsOf = (server: IceServer) => (Array.isArray(server.urls) ? server.urls : [server.urls]);

/** Gather candidates for at most `timeoutMs`; stops early once everything listed has answered. */
export async function probeNetwork(iceServers: IceServer[], timeoutMs: number): Promise<NetworkProbe> {
  const urls = iceServers.flatMap(urlsOf);
  const probe: NetworkProbe = {
    stunListed: urls.some((url) => /^stuns?:/i.test(url)),
    turnListed: urls.some((url) => /^turns?:/i.test(url)),
    srflx: false,
    relay: false,
    turnRefused: false,
    elapsedMs: 0,
  };
  const started = performance.now();
  // 'all' whatever the server's policy: the check reports STUN and TURN separately.
  const pc = new RTCPeerConnection({ iceServers: iceServers as RTCIceServer[], iceTransportPolicy: 'all' });
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const settle = () => {
        const stunDone = !probe.stunListed || probe.srflx;
        const turnDone = !probe.turnListed || probe.relay || probe.turnRefused;
        if (stunDone && turnDone) {
          clearTimeout(timer);
          resolve();
        }
      };
      pc.onicecandidate = ({ candidate }) => {
        if (!candidate) {
          clearTimeout(timer);
          resolve();
          return;
        }
        if (candidate.type === 'srflx') probe.srflx = true;
        if (candidate.type === 'relay') probe.relay = true;
        settle();
      };
      pc.onicecandidateerror = (event) => {
        const error = event as RTCPeerConnectionIceErrorEvent;
        if (/^turns?:/i.test(error.url) && (error.errorCode === 401 || error.errorCode === 403))
          probe.turnRefused = true;
        settle();
      };
      pc.createDataChannel('setup-check');
      void pc
        .createOffer()
        .then((offer) => pc.setLocalDescription(offer))
        .catch(() => resolve());
    });
  } finally {
    pc.close();
  }
  probe.elapsedMs = Math.round(performance.now() - started);
  return probe;
}
