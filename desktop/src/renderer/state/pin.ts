/**
 * PIN pad state for the login screen. The PIN never leaves this reducer except in the one login
 * request; it is cleared after every attempt, and the pad locks for a while after repeated
 * failures so that a lane left alone cannot be guessed at (the edge-agent enforces its own limit).
 */

export interface PinState {
  staffNo: string;
  pin: string;
  focus: 'staffNo' | 'pin';
  failures: number;
  lockedUntil: number | null;
  error: string | null;
}

export type PinAction =
  | { type: 'digit'; digit: string }
  | { type: 'backspace' }
  | { type: 'clear' }
  | { type: 'focus'; field: 'staffNo' | 'pin' }
  | { type: 'failed'; message: string; at: number }
  | { type: 'succeeded' };

export const PIN_MAX = 6;
export const STAFF_NO_MAX = 20;
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MS = 30_000;

export const initialPin: PinState = {
  staffNo: '',
  pin: '',
  focus: 'staffNo',
  failures: 0,
  lockedUntil: null,
  error: null,
};

export function isLocked(state: PinState, now: number): boolean {
  return state.lockedUntil !== null && now < state.lockedUntil;
}

export function canSubmit(state: PinState, now: number): boolean {
  return state.staffNo.length > 0 && state.pin.length >= 4 && !isLocked(state, now);
}

export function pinReducer(state: PinState, action: PinAction): PinState {
  switch (action.type) {
    case 'digit': {
      if (!/^[0-9A-Za-z]$/.test(action.digit)) return state;
      if (state.focus === 'pin') {
        if (!/^\d$/.test(action.digit) || state.pin.length >= PIN_MAX) return state;
        return { ...state, pin: state.pin + action.digit, error: null };
      }
      if (state.staffNo.length >= STAFF_NO_MAX) return state;
      return { ...state, staffNo: state.staffNo + action.digit.toUpperCase(), error: null };
    }
    case 'backspace':
      return state.focus === 'pin'
        ? { ...state, pin: state.pin.slice(0, -1) }
        : { ...state, staffNo: state.staffNo.slice(0, -1) };
    case 'clear':
      return state.focus === 'pin' ? { ...state, pin: '' } : { ...state, staffNo: '' };
    case 'focus':
      return { ...state, focus: action.field };
    case 'failed': {
      const failures = state.failures + 1;
      const lock = failures % LOCK_AFTER_FAILURES === 0;
      return {
        ...state,
        pin: '',
        focus: 'pin',
        failures,
        lockedUntil: lock ? action.at + LOCK_MS : state.lockedUntil,
        error: action.message,
      };
    }
    case 'succeeded':
      return initialPin;
  }
}
