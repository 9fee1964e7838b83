import type { CollectionPolicy, Principal } from '../collections/policy.js';
import type { Checkpoint } from '../checkpoint.js';
import type { JsonObject } from '../content.js';
import type { SyncStorage } from '../storage/types.js';
import { pullPage } from './pull.js';

export type StreamEvent = 'RESYNC' | { documents: JsonObject[]; checkpoint: Checkpoint };

interface Subscriber {
  policy: CollectionPolicy;
  principal: Principal;
  cursor: Checkpoint;
  send: (event: StreamEvent) => void;
  busy: Promise<void>;
  again: boolean;
}

const STREAM_PAGE = 500;

/**
 * Fans committed changes out to live streams. Every subscriber starts with RESYNC (so a client
 * that reconnects pulls whatever it missed), then gets the documents it may see, in cursor order,
 * after each commit to its collection. On any failure it gets RESYNC again rather than a gap.
 */
export class ChangeHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly unsubscribe: () => void;

  constructor(private readonly storage: SyncStorage) {
    this.unsubscribe = storage.onCommit((collections) => {
      for (const s of this.subscribers) {
        if (collections.includes(s.policy.name)) this.deliver(s);
      }
    });
  }

  async subscribe(
    policy: CollectionPolicy,
    principal: Principal,
    send: (event: StreamEvent) => void,
  ): Promise<() => void> {
    const feed = await this.storage.feedState(policy.name);
    const s: Subscriber = {
      policy,
      principal,
      cursor: { epoch: this.storage.epoch(), seq: feed.seq },
      send,
      busy: Promise.resolve(),
      again: false,
    };
    this.subscribers.add(s);
    send('RESYNC');
    return () => this.subscribers.delete(s);
  }

  get size(): number {
    return this.subscribers.size;
  }

  private deliver(s: Subscriber): void {
    s.again = true;
    s.busy = s.busy.then(async () => {
      while (s.again && this.subscribers.has(s)) {
        s.again = false;
        try {
          for (;;) {
            const page = await pullPage(this.storage, s.policy, s.principal, s.cursor, STREAM_PAGE);
            s.cursor = page.checkpoint;
            if (page.restarted) {
              s.send('RESYNC');
              break;
            }
            if (page.documents.length > 0) {
              s.send({ documents: page.documents, checkpoint: page.checkpoint });
            }
            if (page.documents.length < STREAM_PAGE) break;
          }
        } catch {
          s.send('RESYNC');
        }
      }
    });
  }

  close(): void {
    this.unsubscribe();
    this.subscribers.clear();
  }
}
