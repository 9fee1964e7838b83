/**
 * Function keys of the sell screen. Chinese tills (思迅, 科脉, 海信 and the like) put the daily
 * verbs on F1-F12 and pay on '+' or End; every store retrains on its own layout, so the map is
 * configuration validated here, with every problem reported at once.
 */

export const CASHIER_ACTIONS = [
  'search',
  'quantity',
  'member',
  'suspend',
  'resume',
  'voidLine',
  'reprint',
  'return',
  'openDrawer',
  'voidOrder',
  'shift',
  'pay',
  'language',
  'manager',
  'cancel',
] as const;
export type CashierAction = (typeof CASHIER_ACTIONS)[number];

/** A key chord as written in configuration: 'F4', '+', 'End', 'Ctrl+P'. */
export type KeyChord = string;
export type Keymap = Readonly<Record<KeyChord, CashierAction>>;

export const DEFAULT_KEYMAP: Keymap = {
  F1: 'search',
  F2: 'quantity',
  F3: 'member',
  F4: 'suspend',
  F5: 'resume',
  F6: 'voidLine',
  F7: 'reprint',
  F8: 'return',
  F9: 'openDrawer',
  F10: 'voidOrder',
  F11: 'shift',
  F12: 'manager',
  '+': 'pay',
  End: 'pay',
  'Ctrl+L': 'language',
  Escape: 'cancel',
};

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
}

const MODIFIERS = ['Ctrl', 'Alt'] as const;
const NAMED_KEY_RE = /^(F([1-9]|1[0-2])|End|Home|PageUp|PageDown|Insert|Delete|Escape|Enter|Tab)$/;

/** The chord text of a key press, in the same spelling the configuration uses. */
export function chordOf(press: KeyPress): KeyChord {
  const parts: string[] = [];
  if (press.ctrlKey) parts.push('Ctrl');
  if (press.altKey) parts.push('Alt');
  parts.push(press.key.length === 1 ? press.key.toUpperCase() : press.key);
  return parts.join('+');
}

function normaliseChord(chord: string): string | undefined {
  const parts = chord.split('+');
  // '+' itself splits into two empty strings.
  if (chord === '+') return '+';
  if (chord.endsWith('++')) parts.splice(parts.length - 2, 2, '+');
  const key = parts.pop();
  if (key === undefined || key === '') return undefined;
  for (const m of parts) if (!MODIFIERS.includes(m as (typeof MODIFIERS)[number])) return undefined;
  if (key.length !== 1 && !NAMED_KEY_RE.test(key)) return undefined;
  const mods = MODIFIERS.filter((m) => parts.includes(m));
  return [...mods, key.length === 1 ? key.toUpperCase() : key].join('+');
}

export type KeymapResult = { ok: true; keymap: Keymap } | { ok: false; errors: string[] };

/**
 * Builds the keymap from the store's overrides on top of the defaults. An override maps a chord to
 * an action, or to null to free a default chord. Unknown keys or actions, a plain printable key
 * without a modifier (it would steal a character from the scan field, except '+' and '-'), and an
 * action left without any key are errors.
 */
export function buildKeymap(
  overrides: Readonly<Record<string, string | null>> = {},
  base: Keymap = DEFAULT_KEYMAP,
): KeymapResult {
  const errors: string[] = [];
  const map = new Map<string, CashierAction>();
  for (const [chord, action] of Object.entries(base)) {
    const n = normaliseChord(chord);
    if (n) map.set(n, action);
  }
  for (const [chord, action] of Object.entries(overrides)) {
    const n = normaliseChord(chord);
    if (!n) {
      errors.push(`"${chord}" is not a key (use F1-F12, End, Escape, +, or Ctrl+/Alt+ a key)`);
      continue;
    }
    if (n.length === 1 && n !== '+' && n !== '-') {
      errors.push(`"${chord}" alone would be typed into the scan field; add Ctrl+ or Alt+`);
      continue;
    }
    if (action === null) {
      map.delete(n);
      continue;
    }
    if (!CASHIER_ACTIONS.includes(action as CashierAction)) {
      errors.push(`"${chord}": unknown action "${action}"`);
      continue;
    }
    map.set(n, action as CashierAction);
  }
  const bound = new Set(map.values());
  for (const a of ['pay', 'cancel'] as const) {
    if (!bound.has(a)) errors.push(`action "${a}" has no key; a cashier could not finish a sale`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, keymap: Object.fromEntries(map) };
}

export function actionFor(keymap: Keymap, press: KeyPress): CashierAction | undefined {
  return keymap[chordOf(press)];
}

/** The first chord bound to an action, for the labels on the touch buttons ("F4 挂单"). */
export function chordFor(keymap: Keymap, action: CashierAction): KeyChord | undefined {
  for (const [chord, a] of Object.entries(keymap)) if (a === action) return chord;
  return undefined;
}
