import type { ServerToClientEvents } from '../../protocol/index.js';
import type { CallParties, Device } from './parties.js';

export type ClientEvent = keyof ServerToClientEvents;
export type ClientPayload<E extends ClientEvent> = Parameters<ServerToClientEvents[E]>[0];

/**
 * How calls/ reaches client devices and asks where they are connected. Built in app.ts over
 * Socket.IO rooms (realtime/call-delivery.ts); calls/ knows nothing of sockets or nodes.
 */
export interface CallDelivery {
  /** Sends to every device of a user (on every node), except `except` when given. */
  toUser<E extends ClientEvent>(userId: string, event: E, payload: ClientPayload<E>, except?: Device): void;
  /** Sends to these devices (each socket once, even if listed twice). */
  toDevices<E extends ClientEvent>(devices: Device[], event: E, payload: ClientPayload<E>): void;
  /** Whether any device of the user is connected to any node. */
  isUserConnected(userId: string): Promise<boolean>;
  /** Whether the device is connected to any node. */
  isDeviceConnected(device: Device): Promise<boolean>;
  /** Which of `devices` are connected to any node (rejects if a node did not answer in time). */
  connectedDevices(devices: Device[]): Promise<(device: Device) => boolean>;
  /** Whether a device of the user is connected to this node. */
  isUserConnectedHere(userId: string): boolean;
}

/**
 * How calls/ coordinates with the other nodes of a cluster. On a lone node every notice is a
 * no-op and every question has no answers.
 */
export interface CallNodes {
  /** Tells every other node these calls ended; resolves when all acknowledged (rejects on a timeout). */
  forgetCalls(callIds: string[]): Promise<void>;
  onForgetCalls(forget: (callIds: string[]) => void): void;
  /** Tells every other node a call was accepted here (they cache its parties and flush held signals). */
  callAccepted(callId: string, parties: CallParties): void;
  onCallAccepted(heed: (callId: string, parties: CallParties) => void): void;
  /** Tells every other node the device resumed these calls (drop its grace timers there). */
  cancelGrace(callIds: string[], device: Device): void;
  onCancelGrace(cancel: (callIds: string[], device: Device) => void): void;
  /** Tells every other node this node is stopping and these users' devices will reconnect elsewhere. */
  usersAway(userIds: string[]): void;
  onUsersAway(heed: (userIds: string[]) => void): void;
  /** Asks every other node which of `userIds` had a device leave it within `withinMs` (rejects on a timeout). */
  recentUsers(userIds: string[], withinMs: number): Promise<string[]>;
  onRecentUsers(answer: (userIds: string[], withinMs: number) => string[]): void;
}

/** The part of presence that calls/ needs: tell a user's contacts their presence changed. */
export interface PresenceNotifier {
  /** `inCall`, when the caller knows it (accept: true, end: false), saves the database read for busy. */
  broadcast(userId: string, inCall?: boolean): Promise<void>;
}
