import { parseYuan, type Fen, type TenderMethod } from '@mendian/protocol';

/**
 * The tender screen's state: what is due, what has been tendered so far (split tender), and the
 * one wallet payment that may be waiting for the customer to confirm on their phone (USERPAYING).
 * The edge-agent records payments; this reducer only keeps the screen honest about what is left.
 */

export interface TenderedPart {
  method: TenderMethod;
  amount: Fen;
  /** Cash only: what the customer handed over. */
  tendered?: Fen;
  reference?: string;
}

export type WalletState =
  | { phase: 'idle' }
  | { phase: 'waiting'; paymentId: string; amount: Fen; since: number }
  | { phase: 'failed'; message: string };

export interface TenderState {
  due: Fen;
  parts: TenderedPart[];
  wallet: WalletState;
  /** The amount typed on the keypad, as yuan text. */
  entry: string;
}

export type TenderAction =
  | { type: 'digit'; digit: string }
  | { type: 'backspace' }
  | { type: 'clearEntry' }
  | { type: 'addPart'; part: TenderedPart }
  | { type: 'removePart'; index: number }
  | { type: 'walletWaiting'; paymentId: string; amount: Fen; at: number }
  | { type: 'walletPaid'; paymentId: string; reference: string; method: TenderMethod }
  | { type: 'walletFailed'; message: string }
  | { type: 'walletCancelled' };

export function initialTender(due: Fen): TenderState {
  return { due, parts: [], wallet: { phase: 'idle' }, entry: '' };
}

export function paidSoFar(state: TenderState): Fen {
  return state.parts.reduce((s, p) => s + p.amount, 0);
}

export function remaining(state: TenderState): Fen {
  return Math.max(0, state.due - paidSoFar(state));
}

export function changeDue(state: TenderState): Fen {
  return state.parts.reduce(
    (s, p) => s + (p.method === 'cash' && p.tendered !== undefined ? p.tendered - p.amount : 0),
    0,
  );
}

export function isSettled(state: TenderState): boolean {
  return remaining(state) === 0 && state.wallet.phase !== 'waiting';
}

/** The keypad text as yuan ("50", "12.5"); at most two decimals and ¥10,000,000. */
const ENTRY_RE = /^\d{0,8}(\.\d{0,2})?$/;

function applyDigit(entry: string, digit: string): string {
  if (!/^(\d|00|\.)$/.test(digit)) return entry;
  const next = entry === '0' && digit !== '.' ? digit : entry + digit;
  return ENTRY_RE.test(next) ? next : entry;
}

/** The typed amount in fen, or null when nothing (or only ".") was typed. */
export function entryFen(state: TenderState): Fen | null {
  if (!/\d/.test(state.entry)) return null;
  const text = state.entry.endsWith('.') ? state.entry.slice(0, -1) : state.entry;
  return parseYuan(text.startsWith('.') ? `0${text}` : text);
}

export function tenderReducer(state: TenderState, action: TenderAction): TenderState {
  switch (action.type) {
    case 'digit':
      return { ...state, entry: applyDigit(state.entry, action.digit) };
    case 'backspace':
      return { ...state, entry: state.entry.slice(0, -1) };
    case 'clearEntry':
      return { ...state, entry: '' };
    case 'addPart': {
      const rest = remaining(state);
      if (rest === 0 || action.part.amount <= 0) return state;
      // Only cash can be over-tendered (the drawer gives change); others are capped at the rest.
      const amount = Math.min(action.part.amount, rest);
      const part: TenderedPart =
        action.part.method === 'cash'
          ? { ...action.part, amount, tendered: action.part.tendered ?? action.part.amount }
          : { ...action.part, amount };
      return { ...state, parts: [...state.parts, part], entry: '' };
    }
    case 'removePart':
      return { ...state, parts: state.parts.filter((_, i) => i !== action.index) };
    case 'walletWaiting':
      return {
        ...state,
        wallet: {
          phase: 'waiting',
          paymentId: action.paymentId,
          amount: action.amount,
          since: action.at,
        },
      };
    case 'walletPaid': {
      if (state.wallet.phase !== 'waiting' || state.wallet.paymentId !== action.paymentId) {
        return state;
      }
      const part: TenderedPart = {
        method: action.method,
        amount: state.wallet.amount,
        reference: action.reference,
      };
      return { ...state, parts: [...state.parts, part], wallet: { phase: 'idle' } };
    }
    case 'walletFailed':
      return { ...state, wallet: { phase: 'failed', message: action.message } };
    case 'walletCancelled':
      return { ...state, wallet: { phase: 'idle' } };
  }
}

/**
 * Cash quick amounts a cashier offers: the exact amount, then the next whole 10, 20, 50 and 100
 * yuan notes above it (Chinese notes are 1, 5, 10, 20, 50, 100), without duplicates, ascending.
 */
export function quickCashAmounts(due: Fen): Fen[] {
  if (due <= 0) return [];
  const out = new Set<Fen>([due]);
  for (const note of [1000, 2000, 5000, 10000]) {
    const up = Math.ceil(due / note) * note;
    if (up > due) out.add(up);
    else out.add(up + note);
  }
  return [...out].sort((a, b) => a - b).slice(0, 5);
}
