import type { TrafficAggregate } from '@mendian/protocol';

/**
 * Ports of the presence domain. The members and orders services land later; until then the app
 * wires whatever implements these (tests use small in-memory tables).
 */

export interface MemberProfile {
  memberId: string;
  name: string;
  tier: string;
  tags: readonly string[];
}

export interface MemberLookup {
  /**
   * The opted-in member whose registered device has this hash on this salt day, or null. Only
   * members who consented have a registered device hash; nobody else can be recognised.
   */
  findBySighting(macHash: string, saltDay: string): MemberProfile | null;
}

export interface OrdersCount {
  /** Completed sale transactions of the store in [from, to). */
  transactionsBetween(from: number, to: number): number;
}

export interface MemberArrival {
  member: MemberProfile;
  at: number;
  visitKey: string;
}

/** Where presence results go: the wiring forwards them to the lanes, the manager screen, storage. */
export interface PresenceOutput {
  memberArrived(notice: MemberArrival): void;
  hourClosed(aggregate: TrafficAggregate): void;
}
