import type { PointsEntry, ValueEntry } from './schemas/facts.js';
import type { Member } from './schemas/members.js';

/**
 * Merging a duplicate member (typically a provisional one signed up offline) into the surviving
 * one, as HQ does when two members share a phone. Nothing is rewritten: the duplicate's entries
 * stay where they are, and a pair of `merge` entries moves each balance across (−b on the
 * duplicate, +b on the survivor). Ids are derived from the pair, so running the merge again, on
 * any replica, produces the same documents and moves nothing twice. Entries for the duplicate that
 * reach HQ after a merge (a store that was offline) are swept by a merge of the next `generation`.
 */
export interface MemberMergeResult {
  duplicate: Member;
  points: PointsEntry[];
  value: ValueEntry[];
}

export class MemberMergeError extends Error {
  readonly code = 'MEMBER_MERGE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'MemberMergeError';
  }
}

export function mergeMembers(input: {
  duplicate: Member;
  survivor: Member;
  pointsBalance: number;
  valueBalance: number;
  /** 1 for the first merge of this pair; +1 for each later sweep of late entries. */
  generation: number;
  at: number;
}): MemberMergeResult {
  const { duplicate, survivor, at } = input;
  if (duplicate.id === survivor.id) throw new MemberMergeError('cannot merge a member into itself');
  if (survivor.status === 'merged' || survivor.status === 'erased') {
    throw new MemberMergeError(`the survivor ${survivor.id} is ${survivor.status}`);
  }
  if (duplicate.status === 'merged' && duplicate.mergedInto !== survivor.id) {
    throw new MemberMergeError(`${duplicate.id} was already merged into ${duplicate.mergedInto}`);
  }
  if (!Number.isInteger(input.generation) || input.generation < 1) {
    throw new MemberMergeError('generation must be an integer from 1');
  }
  const key = `mrg:${duplicate.id}:${survivor.id}:${input.generation}`;
  const points: PointsEntry[] = [];
  const value: ValueEntry[] = [];
  if (input.pointsBalance !== 0) {
    const common = {
      schemaVersion: 1 as const,
      storeId: null,
      kind: 'merge' as const,
      orderId: null,
    };
    points.push(
      {
        ...common,
        id: `${key}:pts:out`,
        memberId: duplicate.id,
        delta: -input.pointsBalance,
        note: `merged into ${survivor.id}`,
        createdAt: at,
      },
      {
        ...common,
        id: `${key}:pts:in`,
        memberId: survivor.id,
        delta: input.pointsBalance,
        note: `merged from ${duplicate.id}`,
        createdAt: at,
      },
    );
  }
  if (input.valueBalance !== 0) {
    const common = {
      schemaVersion: 1 as const,
      storeId: null,
      kind: 'merge' as const,
      orderId: null,
    };
    value.push(
      {
        ...common,
        id: `${key}:val:out`,
        memberId: duplicate.id,
        delta: -input.valueBalance,
        createdAt: at,
      },
      {
        ...common,
        id: `${key}:val:in`,
        memberId: survivor.id,
        delta: input.valueBalance,
        createdAt: at,
      },
    );
  }
  const merged: Member = {
    ...duplicate,
    status: 'merged',
    mergedInto: survivor.id,
    fieldUpdatedAt: { ...duplicate.fieldUpdatedAt, status: at, mergedInto: at },
    updatedAt: Math.max(duplicate.updatedAt, at),
  };
  return { duplicate: merged, points, value };
}
