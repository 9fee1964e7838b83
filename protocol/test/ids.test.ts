import { describe, expect, it } from 'vitest';
import {
  createUlidGenerator,
  crockfordBase32,
  formatReceiptNumber,
  isDocumentId,
  isReceiptNumber,
  isUlid,
  isUuidV7,
  parseReceiptNumber,
  ReceiptNumberError,
  ulid,
  ulidTime,
  uuidv7,
} from '@mendian/protocol';

describe('ULID', () => {
  it('encodes the time and is 26 Crockford characters', () => {
    const id = ulid(1_700_000_000_000);
    expect(id).toHaveLength(26);
    expect(isUlid(id)).toBe(true);
    expect(ulidTime(id)).toBe(1_700_000_000_000);
  });

  it('is strictly increasing within one millisecond and when the clock steps back', () => {
    let now = 1_700_000_000_000;
    const gen = createUlidGenerator({ now: () => now });
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) ids.push(gen());
    now -= 5000; // clock jumps back
    for (let i = 0; i < 10; i++) ids.push(gen());
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses the injected random source', () => {
    const gen = createUlidGenerator({ random: (n) => new Uint8Array(n), now: () => 0 });
    expect(gen()).toBe('00000000000000000000000000');
    expect(gen()).toBe('00000000000000000000000001');
  });

  it('refuses times that do not fit 48 bits', () => {
    expect(() => ulid(-1)).toThrow(/epoch ms/);
    expect(() => ulid(2 ** 48)).toThrow(/epoch ms/);
    expect(() => ulidTime('not-a-ulid')).toThrow(/not a ULID/);
  });
});

describe('UUIDv7', () => {
  it('has version 7, the RFC variant and the time in its first 48 bits', () => {
    const id = uuidv7(0x0123456789ab);
    expect(isUuidV7(id)).toBe(true);
    expect(id.startsWith('01234567-89ab-7')).toBe(true);
    expect(isDocumentId(id)).toBe(true);
  });

  it('sorts by time', () => {
    expect(uuidv7(1000) < uuidv7(2000)).toBe(true);
  });

  it('is told apart from other strings', () => {
    expect(isDocumentId('123')).toBe(false);
    expect(isDocumentId('00000000-0000-4000-8000-000000000000')).toBe(false); // v4
    expect(isDocumentId(undefined)).toBe(false);
  });
});

describe('receipt numbers', () => {
  it('formats store, lane and a zero-padded per-lane sequence', () => {
    expect(formatReceiptNumber({ storeCode: 'SH001', laneCode: '03', sequence: 12345 })).toBe(
      'SH001-03-00012345',
    );
  });

  it('round-trips through parse, also lower-case and with spaces as a scanner may send', () => {
    const parts = { storeCode: 'BJ12', laneCode: 'A1', sequence: 7 };
    expect(parseReceiptNumber(formatReceiptNumber(parts))).toEqual(parts);
    expect(parseReceiptNumber(' bj12-a1-00000007 ')).toEqual(parts);
  });

  it('never collides between lanes and stores: distinct (store, lane, seq) give distinct numbers', () => {
    const seen = new Set<string>();
    for (const storeCode of ['SH001', 'SH0010', 'SH01']) {
      for (const laneCode of ['1', '01', '10', '001']) {
        for (let sequence = 1; sequence <= 50; sequence++) {
          const n = formatReceiptNumber({ storeCode, laneCode, sequence });
          expect(seen.has(n)).toBe(false);
          seen.add(n);
          expect(parseReceiptNumber(n)).toEqual({ storeCode, laneCode, sequence });
        }
      }
    }
  });

  it('keeps growing past eight digits', () => {
    const n = formatReceiptNumber({ storeCode: 'GZ9', laneCode: '2', sequence: 123456789 });
    expect(n).toBe('GZ9-2-123456789');
    expect(isReceiptNumber(n)).toBe(true);
  });

  it('refuses bad parts and bad text with a reason', () => {
    expect(() => formatReceiptNumber({ storeCode: 'sh-1', laneCode: '1', sequence: 1 })).toThrow(
      /store code/,
    );
    expect(() => formatReceiptNumber({ storeCode: 'SH1', laneCode: '12345', sequence: 1 })).toThrow(
      /lane code/,
    );
    expect(() => formatReceiptNumber({ storeCode: 'SH1', laneCode: '1', sequence: 0 })).toThrow(
      ReceiptNumberError,
    );
    expect(() => parseReceiptNumber('6901234567892')).toThrow(/not a receipt number/);
  });
});

describe('crockfordBase32', () => {
  it('encodes 5 bits a character, big-endian, without I L O U', () => {
    expect(crockfordBase32(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]))).toBe('ZZZZZZZZ');
    expect(crockfordBase32(new Uint8Array([0, 0, 0, 0, 1]))).toBe('00000001');
    expect(crockfordBase32(new Uint8Array([0x08]))).toBe('1'); // 00001|000: the tail is dropped
  });
});
