import { hasWildcard, mqttTopicMatches } from './topic-match.js';

export interface StoredSubscription {
  topic: string;
  qos: number;
  rh?: number | undefined;
  rap?: boolean | number | undefined;
  nl?: boolean | number | undefined;
  subscriptionIdentifier?: number;
}

/**
 * In-memory index of persistent sessions' subscriptions. Exact topics (what devices subscribe to)
 * are a map lookup; wildcard filters (internal services, a few) are scanned. Only QoS>0
 * subscriptions take part in matching, because only those get offline queues.
 */
export class SubscriptionIndex {
  readonly #byClient = new Map<string, Map<string, StoredSubscription>>();
  readonly #exact = new Map<string, Map<string, StoredSubscription>>();
  readonly #wildcard = new Map<string, Map<string, StoredSubscription>>();

  set(clientId: string, sub: StoredSubscription): void {
    let mine = this.#byClient.get(clientId);
    if (!mine) {
      mine = new Map();
      this.#byClient.set(clientId, mine);
    }
    this.#unindex(clientId, sub.topic);
    mine.set(sub.topic, sub);
    if (sub.qos > 0) {
      const table = hasWildcard(sub.topic) ? this.#wildcard : this.#exact;
      let byTopic = table.get(sub.topic);
      if (!byTopic) {
        byTopic = new Map();
        table.set(sub.topic, byTopic);
      }
      byTopic.set(clientId, sub);
    }
  }

  #unindex(clientId: string, topic: string): void {
    const table = hasWildcard(topic) ? this.#wildcard : this.#exact;
    const byTopic = table.get(topic);
    if (!byTopic) return;
    byTopic.delete(clientId);
    if (byTopic.size === 0) table.delete(topic);
  }

  remove(clientId: string, topic: string): void {
    const mine = this.#byClient.get(clientId);
    if (!mine?.has(topic)) return;
    mine.delete(topic);
    this.#unindex(clientId, topic);
    if (mine.size === 0) this.#byClient.delete(clientId);
  }

  removeClient(clientId: string): void {
    const mine = this.#byClient.get(clientId);
    if (!mine) return;
    for (const topic of mine.keys()) this.#unindex(clientId, topic);
    this.#byClient.delete(clientId);
  }

  byClient(clientId: string): StoredSubscription[] {
    const mine = this.#byClient.get(clientId);
    return mine ? [...mine.values()].map((s) => ({ ...s })) : [];
  }

  matching(topic: string): (StoredSubscription & { clientId: string })[] {
    const out: (StoredSubscription & { clientId: string })[] = [];
    const push = (clientId: string, s: StoredSubscription): void => {
      out.push({ clientId, topic: s.topic, qos: s.qos, rh: s.rh, rap: s.rap, nl: s.nl });
    };
    // Wildcards first, then the exact topic: the order aedes' reference trie returns.
    for (const [filter, byClient] of this.#wildcard) {
      if (!mqttTopicMatches(filter, topic)) continue;
      for (const [clientId, s] of byClient) push(clientId, s);
    }
    const exact = this.#exact.get(topic);
    if (exact) for (const [clientId, s] of exact) push(clientId, s);
    return out;
  }

  qosSubscriptionCount(): number {
    let n = 0;
    for (const t of [this.#exact, this.#wildcard]) for (const m of t.values()) n += m.size;
    return n;
  }

  clientCount(): number {
    return this.#byClient.size;
  }

  clientsWithExactTopic(topic: string): string[] {
    const out: string[] = [];
    for (const [clientId, mine] of this.#byClient) if (mine.has(topic)) out.push(clientId);
    return out;
  }
}
