import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CallStore } from './store/calls.js';

/** Prometheus metrics on a Registry owned by one server instance (no global default registry). */
export function createMetrics(options: { connectedSockets: () => number; calls: CallStore }) {
  const registry = new Registry();
  new Gauge({
    name: 'ringside_connected_sockets',
    help: 'Socket.IO connections on this node',
    registers: [registry],
    collect() {
      this.set(options.connectedSockets());
    },
  });
  new Gauge({
    name: 'ringside_calls',
    help: 'Call records by state (ringing, active, ended)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { state, count } of await options.calls.countByState()) this.set({ state }, count);
    },
  });
  const callsEnded = new Counter({
    name: 'ringside_calls_ended_total',
    help: 'Calls ended on this node, by end reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const callTransitions = new Counter({
    name: 'ringside_call_transitions_total',
    help: 'Call state transitions on this node, by target state',
    labelNames: ['to'],
    registers: [registry],
  });
  const relayLatency = new Histogram({
    name: 'ringside_signal_relay_seconds',
    help: 'Time from receiving a signaling message to emitting it to the peer',
    labelNames: ['event'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  return { registry, callsEnded, callTransitions, relayLatency };
}

export type Metrics = ReturnType<typeof createMetrics>;
