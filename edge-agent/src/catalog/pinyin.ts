import { pinyin } from 'pinyin-pro';

/** Upper-case pinyin initials of a Chinese name (农夫山泉 550ml → NFSQ550ML), for till search. */
export function pinyinInitials(name: string): string {
  const letters = pinyin(name, {
    pattern: 'first',
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
  });
  return letters
    .join('')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 60);
}
