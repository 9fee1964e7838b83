import type { RxConflictHandler, WithDeleted } from 'rxdb';
import {
  collections,
  mergeMember,
  mergeOnlineOrder,
  type CollectionName,
  type Member,
  sameContent,
  type OnlineOrder,
} from '@mendian/protocol';

type Doc = Record<string, unknown>;

const BOOKKEEPING = ['_meta', '_rev', '_attachments'] as const;

export { sameContent };

function content<T>(doc: WithDeleted<T>): T {
  const { _deleted: _d, ...rest } = doc as Doc;
  for (const k of BOOKKEEPING) delete rest[k];
  return rest as T;
}

/** Reference data and facts: the center's state wins (facts never really conflict). */
export function masterWins<T>(): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => sameContent(a, b),
    resolve: (i) => Promise.resolve(i.realMasterState),
  };
}

function mergingHandler<T>(merge: (a: T, b: T) => T): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => sameContent(a, b),
    resolve: (i) => {
      // A deletion is not a state either merge rule knows; the center's side is kept.
      if (i.realMasterState._deleted || i.newDocumentState._deleted) {
        return Promise.resolve(i.realMasterState);
      }
      const merged = merge(content(i.realMasterState), content(i.newDocumentState));
      return Promise.resolve({ ...merged, _deleted: false } as WithDeleted<T>);
    },
  };
}

/** Members: field-level last-writer-wins (DESIGN.md, shared records). */
export const memberConflictHandler: RxConflictHandler<Member> = mergingHandler(mergeMember);

/** Online orders: the furthest legal state, histories unioned. */
export const onlineOrderConflictHandler: RxConflictHandler<OnlineOrder> =
  mergingHandler(mergeOnlineOrder);

/** The conflict handler of each replicated collection, as DESIGN.md states it. */
export function conflictHandlerFor(name: CollectionName): RxConflictHandler<Doc> {
  if (name === 'members') return memberConflictHandler as unknown as RxConflictHandler<Doc>;
  if (name === 'onlineOrders') {
    return onlineOrderConflictHandler as unknown as RxConflictHandler<Doc>;
  }
  void collections[name];
  return masterWins<Doc>();
}
