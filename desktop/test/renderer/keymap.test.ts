import { describe, expect, it } from 'vitest';
import {
  actionFor,
  buildKeymap,
  chordFor,
  chordOf,
  DEFAULT_KEYMAP,
} from '../../src/renderer/state/keymap.js';

describe('cashier keymap', () => {
  it('maps the default F-keys the way Chinese tills do', () => {
    expect(actionFor(DEFAULT_KEYMAP, { key: 'F4' })).toBe('suspend');
    expect(actionFor(DEFAULT_KEYMAP, { key: 'F5' })).toBe('resume');
    expect(actionFor(DEFAULT_KEYMAP, { key: '+' })).toBe('pay');
    expect(actionFor(DEFAULT_KEYMAP, { key: 'l', ctrlKey: true })).toBe('language');
    expect(actionFor(DEFAULT_KEYMAP, { key: 'a' })).toBeUndefined();
    expect(chordOf({ key: 'p', ctrlKey: true, altKey: true })).toBe('Ctrl+Alt+P');
  });

  it('applies store overrides and frees keys mapped to null', () => {
    const r = buildKeymap({ F4: 'pay', End: null, 'Alt+s': 'suspend' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(actionFor(r.keymap, { key: 'F4' })).toBe('pay');
    expect(actionFor(r.keymap, { key: 'End' })).toBeUndefined();
    expect(actionFor(r.keymap, { key: 's', altKey: true })).toBe('suspend');
    expect(chordFor(r.keymap, 'suspend')).toBe('Alt+S');
  });

  it('reports every bad entry at once and keeps pay and cancel reachable', () => {
    const r = buildKeymap({ F13: 'pay', a: 'search', F2: 'dance', '+': null, End: null });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(4);
    expect(r.errors.join('\n')).toMatch(/F13/);
    expect(r.errors.join('\n')).toMatch(/typed into the scan field/);
    expect(r.errors.join('\n')).toMatch(/unknown action "dance"/);
    expect(r.errors.join('\n')).toMatch(/"pay" has no key/);
  });
});
