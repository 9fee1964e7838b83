import { describe, expect, it } from 'vitest';
import { sameContent, stripBookkeeping } from '@mendian/protocol';

describe('content equality for replication', () => {
  it('ignores one replica bookkeeping and key order, never content', () => {
    const a = { id: '1', n: 1, tags: ['x'], _rev: '1-a', _meta: { lwt: 1 }, _deleted: false };
    const b = { tags: ['x'], n: 1, id: '1', _rev: '7-b', _meta: { lwt: 99 }, _attachments: {} };
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, { ...b, n: 2 })).toBe(false);
    expect(sameContent(a, { ...b, tags: ['x', 'y'] })).toBe(false);
    expect(sameContent(a, { ...b, _deleted: true })).toBe(false);
  });

  it('treats a nested _meta as content, and undefined fields as absent', () => {
    expect(sameContent({ id: '1', x: { _meta: 1 } }, { id: '1', x: { _meta: 2 } })).toBe(false);
    expect(sameContent({ id: '1', y: undefined }, { id: '1' })).toBe(true);
  });

  it('strips bookkeeping and normalises the deleted flag', () => {
    expect(stripBookkeeping({ id: '1', _rev: 'r', _meta: {} })).toEqual({
      id: '1',
      _deleted: false,
    });
  });
});
