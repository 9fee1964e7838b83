import { Readable } from 'node:stream';
import { deserialize } from 'node:v8';
import Database from 'better-sqlite3';
import { migratePersistence, PERSISTENCE_PRAGMAS } from './sqlite-persistence-schema.js';
import {
  decode,
  encode,
  normalizePacket,
  type PersistedPacket,
  type PersistenceBroker,
  type PersistenceClient,
  type PersistenceSubscription,
} from './persisted-packet.js';
import { SubscriptionIndex, type StoredSubscription } from './subscription-index.js';
import { mqttTopicMatches } from './topic-match.js';

/**
 * An aedes 1.x persistence on better-sqlite3: retained messages, subscriptions of persistent
 * sessions, QoS 1/2 outgoing queues, incoming QoS 2 packets and wills survive a restart.
 *
 * Every method is a synchronous SQLite call wrapped in a promise: aedes awaits them, and a store's
 * broker handles a few hundred devices, so a single connection on the event-loop thread is simpler
 * and faster than a worker. Subscriptions are also indexed in memory because aedes looks them up
 * on every QoS>0 publish; SQLite is the source of truth the index is rebuilt from at setup.
 *
 * Packets are stored with v8 serialization, which keeps Buffers (payload, MQTT 5 correlation
 * data) and the exact set of own properties the conformance suite compares.
 */

export class PersistenceError extends Error {
  readonly code = 'PERSISTENCE_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'PersistenceError';
  }
}

export interface SqlitePersistenceOptions {
  /** A file path, or ':memory:' for tests. */
  path: string;
}

interface OutgoingRow {
  seq: number;
  broker_id: string | null;
  broker_counter: number | null;
  message_id: number | null;
}

export class SqlitePersistence {
  #db: Database.Database | null = null;
  #broker: PersistenceBroker | null = null;
  #destroyed = false;
  readonly #index = new SubscriptionIndex();
  readonly #options: SqlitePersistenceOptions;

  constructor(options: SqlitePersistenceOptions) {
    this.#options = options;
  }

  get broker(): PersistenceBroker | null {
    return this.#broker;
  }

  #conn(): Database.Database {
    if (!this.#db) throw new PersistenceError('persistence used before setup() or after destroy()');
    return this.#db;
  }

  async setup(broker: PersistenceBroker): Promise<void> {
    this.#broker = broker;
    if (this.#db) return;
    const db = new Database(this.#options.path);
    for (const pragma of PERSISTENCE_PRAGMAS) db.pragma(pragma);
    migratePersistence(db);
    this.#db = db;
    const rows = db.prepare('SELECT client_id, topic, data FROM subscriptions').all() as {
      client_id: string;
      topic: string;
      data: Buffer;
    }[];
    for (const r of rows) {
      this.#index.set(r.client_id, {
        ...(deserialize(r.data) as StoredSubscription),
        topic: r.topic,
      });
    }
    await Promise.resolve();
  }

  async storeRetained(packet: PersistedPacket): Promise<void> {
    const db = this.#conn();
    const topic = String(packet.topic);
    const payload = packet.payload ?? Buffer.alloc(0);
    if (payload.length === 0) {
      db.prepare('DELETE FROM retained WHERE topic = ?').run(topic);
    } else {
      db.prepare('INSERT OR REPLACE INTO retained (topic, packet) VALUES (?, ?)').run(
        topic,
        encode({ ...packet }),
      );
    }
    await Promise.resolve();
  }

  #retainedMatching(patterns: readonly string[]): PersistedPacket[] {
    const rows = this.#conn().prepare('SELECT topic, packet FROM retained').all() as {
      topic: string;
      packet: Buffer;
    }[];
    const out: PersistedPacket[] = [];
    for (const pattern of patterns) {
      for (const r of rows) if (mqttTopicMatches(pattern, r.topic)) out.push(decode(r.packet));
    }
    return out;
  }

  createRetainedStream(pattern: string): Readable {
    return Readable.from(this.#retainedMatching([pattern]));
  }

  createRetainedStreamCombi(patterns: string[]): Readable {
    return Readable.from(this.#retainedMatching(patterns));
  }

  async addSubscriptions(
    client: PersistenceClient,
    subs: PersistenceSubscription[],
  ): Promise<void> {
    const db = this.#conn();
    const upsert = db.prepare(
      'INSERT OR REPLACE INTO subscriptions (client_id, topic, qos, data) VALUES (?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (const sub of subs) {
        const record: StoredSubscription = {
          topic: sub.topic,
          qos: sub.qos,
          rh: sub.rh,
          rap: sub.rap,
          nl: sub.nl,
        };
        if (sub.subscriptionIdentifier !== undefined) {
          record.subscriptionIdentifier = sub.subscriptionIdentifier;
        }
        const { topic: _t, ...data } = record;
        upsert.run(client.id, sub.topic, sub.qos, encode(data));
        this.#index.set(client.id, record);
      }
    })();
    await Promise.resolve();
  }

  async removeSubscriptions(client: PersistenceClient, topics: string[]): Promise<void> {
    const db = this.#conn();
    const del = db.prepare('DELETE FROM subscriptions WHERE client_id = ? AND topic = ?');
    db.transaction(() => {
      for (const topic of topics) {
        del.run(client.id, topic);
        this.#index.remove(client.id, topic);
      }
    })();
    await Promise.resolve();
  }

  async subscriptionsByClient(client: PersistenceClient): Promise<StoredSubscription[]> {
    await Promise.resolve();
    return this.#index.byClient(client.id);
  }

  async countOffline(): Promise<{ subsCount: number; clientsCount: number }> {
    await Promise.resolve();
    return {
      subsCount: this.#index.qosSubscriptionCount(),
      clientsCount: this.#index.clientCount(),
    };
  }

  async subscriptionsByTopic(
    topic: string,
  ): Promise<(StoredSubscription & { clientId: string })[]> {
    await Promise.resolve();
    return this.#index.matching(topic);
  }

  async cleanSubscriptions(client: PersistenceClient): Promise<void> {
    this.#conn().prepare('DELETE FROM subscriptions WHERE client_id = ?').run(client.id);
    this.#index.removeClient(client.id);
    await Promise.resolve();
  }

  #enqueue(clientIds: readonly string[], packet: PersistedPacket): void {
    if (clientIds.length === 0) return;
    const db = this.#conn();
    const insert = db.prepare(
      'INSERT INTO outgoing (client_id, broker_id, broker_counter, message_id, packet) VALUES (?, ?, ?, NULL, ?)',
    );
    const normalized = normalizePacket(packet);
    const blob = encode(normalized);
    db.transaction(() => {
      for (const id of clientIds) {
        insert.run(id, normalized.brokerId ?? null, normalized.brokerCounter ?? null, blob);
      }
    })();
  }

  async outgoingEnqueue(sub: { clientId: string }, packet: PersistedPacket): Promise<void> {
    this.#enqueue([sub.clientId], packet);
    await Promise.resolve();
  }

  async outgoingEnqueueCombi(subs: { clientId: string }[], packet: PersistedPacket): Promise<void> {
    this.#enqueue(
      subs.map((s) => s.clientId),
      packet,
    );
    await Promise.resolve();
  }

  async outgoingUpdate(client: PersistenceClient, packet: PersistedPacket): Promise<void> {
    await Promise.resolve();
    const db = this.#conn();
    const rows = db
      .prepare(
        'SELECT seq, broker_id, broker_counter, message_id FROM outgoing WHERE client_id = ? ORDER BY seq',
      )
      .all(client.id) as OutgoingRow[];
    for (const row of rows) {
      if (row.broker_id === (packet.brokerId ?? null)) {
        if (row.broker_counter === (packet.brokerCounter ?? null)) {
          const stored = decode(
            (
              db.prepare('SELECT packet FROM outgoing WHERE seq = ?').get(row.seq) as {
                packet: Buffer;
              }
            ).packet,
          );
          stored.messageId = packet.messageId;
          db.prepare('UPDATE outgoing SET message_id = ?, packet = ? WHERE seq = ?').run(
            packet.messageId ?? null,
            encode(stored),
            row.seq,
          );
          return;
        }
        // Packet ids wrap at 65535: a different counter with the same id is another message.
      } else if (row.message_id === (packet.messageId ?? null)) {
        // A PUBREL replaces the PUBLISH it acknowledges (QoS 2 second phase).
        db.prepare(
          'UPDATE outgoing SET broker_id = ?, broker_counter = ?, packet = ? WHERE seq = ?',
        ).run(
          packet.brokerId ?? null,
          packet.brokerCounter ?? null,
          encode({ ...packet }),
          row.seq,
        );
        return;
      }
    }
    throw new PersistenceError('no such packet');
  }

  async outgoingClearMessageId(
    client: PersistenceClient,
    packet: PersistedPacket,
  ): Promise<PersistedPacket | undefined> {
    const db = this.#conn();
    const row = db
      .prepare(
        'SELECT seq, packet FROM outgoing WHERE client_id = ? AND message_id = ? ORDER BY seq LIMIT 1',
      )
      .get(client.id, packet.messageId ?? null) as { seq: number; packet: Buffer } | undefined;
    await Promise.resolve();
    if (!row) return undefined;
    db.prepare('DELETE FROM outgoing WHERE seq = ?').run(row.seq);
    return decode(row.packet);
  }

  outgoingStream(client: PersistenceClient): Readable {
    const rows = this.#conn()
      .prepare('SELECT packet FROM outgoing WHERE client_id = ? ORDER BY seq')
      .all(client.id) as { packet: Buffer }[];
    return Readable.from(rows.map((r) => decode(r.packet)));
  }

  async incomingStorePacket(client: PersistenceClient, packet: PersistedPacket): Promise<void> {
    const stored = normalizePacket(packet);
    stored.messageId = packet.messageId;
    this.#conn()
      .prepare('INSERT OR REPLACE INTO incoming (client_id, message_id, packet) VALUES (?, ?, ?)')
      .run(client.id, packet.messageId ?? null, encode(stored));
    await Promise.resolve();
  }

  async incomingGetPacket(
    client: PersistenceClient,
    packet: PersistedPacket,
  ): Promise<PersistedPacket> {
    const row = this.#conn()
      .prepare('SELECT packet FROM incoming WHERE client_id = ? AND message_id = ?')
      .get(client.id, packet.messageId ?? null) as { packet: Buffer } | undefined;
    await Promise.resolve();
    if (!row) throw new PersistenceError('no such packet');
    return decode(row.packet);
  }

  async incomingDelPacket(client: PersistenceClient, packet: PersistedPacket): Promise<void> {
    const r = this.#conn()
      .prepare('DELETE FROM incoming WHERE client_id = ? AND message_id = ?')
      .run(client.id, packet.messageId ?? null);
    await Promise.resolve();
    if (r.changes === 0) throw new PersistenceError('no such packet');
  }

  async cleanIncoming(client: PersistenceClient): Promise<void> {
    this.#conn().prepare('DELETE FROM incoming WHERE client_id = ?').run(client.id);
    await Promise.resolve();
  }

  async putWill(client: PersistenceClient, packet: PersistedPacket): Promise<void> {
    packet.brokerId = this.#broker?.id ?? '';
    packet.clientId = client.id;
    this.#conn()
      .prepare('INSERT OR REPLACE INTO wills (client_id, broker_id, packet) VALUES (?, ?, ?)')
      .run(client.id, packet.brokerId, encode({ ...packet }));
    await Promise.resolve();
  }

  async getWill(client: PersistenceClient): Promise<PersistedPacket | undefined> {
    const row = this.#conn()
      .prepare('SELECT packet FROM wills WHERE client_id = ?')
      .get(client.id) as { packet: Buffer } | undefined;
    await Promise.resolve();
    return row ? decode(row.packet) : undefined;
  }

  async delWill(client: PersistenceClient): Promise<PersistedPacket | undefined> {
    const will = await this.getWill(client);
    if (will) this.#conn().prepare('DELETE FROM wills WHERE client_id = ?').run(client.id);
    return will;
  }

  streamWill(brokers: Record<string, unknown> = {}): Readable {
    const rows = this.#conn().prepare('SELECT broker_id, packet FROM wills').all() as {
      broker_id: string;
      packet: Buffer;
    }[];
    return Readable.from(
      rows.filter((r) => brokers[r.broker_id] === undefined).map((r) => decode(r.packet)),
    );
  }

  getClientList(topic: string): Readable {
    return Readable.from(this.#index.clientsWithExactTopic(topic));
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) throw new PersistenceError('destroyed called twice!');
    this.#destroyed = true;
    this.#db?.close();
    this.#db = null;
    await Promise.resolve();
  }
}
