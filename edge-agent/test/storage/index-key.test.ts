import { expect, test } from 'vitest';
import { decodeIndexKey, encodeIndexKey } from '@mendian/edge-agent/storage';

const ALPHABET = [
  'a',
  'Z',
  '0',
  '吉',
  '𠮷',
  '😀',
  '\uE000',
  '\uFFFF',
  '\uFF5A',
  ' ',
  '\u0000',
  'é',
];

function randomString(seed: number): string {
  let s = '';
  let x = seed;
  const len = x % 6;
  for (let i = 0; i < len; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += ALPHABET[x % ALPHABET.length];
  }
  return s;
}

test('byte order of encoded keys equals JavaScript string order, prefixes first', () => {
  const strings = Array.from({ length: 2000 }, (_, i) => randomString(i * 7919 + 13));
  const byJs = [...strings].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const byBytes = [...strings].sort((a, b) => Buffer.compare(encodeIndexKey(a), encodeIndexKey(b)));
  expect(byBytes).toEqual(byJs);
  // UTF-8 bytes would disagree on exactly these characters.
  expect('𠮷' < '\uE000').toBe(true);
  expect(Buffer.compare(Buffer.from('𠮷'), Buffer.from('\uE000'))).toBe(1);
  expect(Buffer.compare(encodeIndexKey('𠮷'), encodeIndexKey('\uE000'))).toBe(-1);
});

test('keys decode back to the same string, lone surrogates included', () => {
  for (const s of ['', '𠮷野家', '😀', '\uD800', 'abc\uDFFFdef']) {
    expect(decodeIndexKey(encodeIndexKey(s))).toBe(s);
  }
});
