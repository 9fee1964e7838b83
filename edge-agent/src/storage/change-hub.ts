import { Subject, type Observable } from 'rxjs';
import type { EventBulk, RxDocumentData, RxStorageChangeEvent } from 'rxdb';
import type { MendianCheckpoint } from './checkpoint.js';

export type ChangeBulk<T> = EventBulk<RxStorageChangeEvent<RxDocumentData<T>>, MendianCheckpoint>;

/**
 * Fans committed changes out to every open instance of the same file and table in this
 * process (rxdb's multiInstance within one process). Each instance has its own subject so
 * closing one completes only its stream.
 */
export class ChangeHub {
  private readonly listeners = new Map<string, Set<Subject<ChangeBulk<unknown>>>>();

  join<T>(key: string): { stream: Observable<ChangeBulk<T>>; leave: () => void } {
    const subject = new Subject<ChangeBulk<unknown>>();
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(subject);
    return {
      stream: subject.asObservable() as Observable<ChangeBulk<T>>,
      leave: () => {
        set.delete(subject);
        if (set.size === 0) this.listeners.delete(key);
        subject.complete();
      },
    };
  }

  /** Called only after the transaction committed. */
  emit<T>(key: string, bulk: ChangeBulk<T>): void {
    const set = this.listeners.get(key);
    if (!set) return;
    for (const s of [...set]) s.next(bulk);
  }
}

/**
 * One hub per process: instances opened through different storage objects on the same file must
 * still see each other's writes (rxdb's multi-instance contract). It holds subscribers only,
 * no settings.
 */
export const processChangeHub = new ChangeHub();
