import { useEffect, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import type { LaneApi, SessionView } from '../api/lane-api.js';
import { PinPad } from '../components/PinPad.js';
import { useI18n } from '../i18n/use-i18n.js';
import { canSubmit, initialPin, isLocked, pinReducer } from '../state/pin.js';

export function LoginScreen({
  api,
  onLoggedIn,
}: {
  api: LaneApi;
  onLoggedIn: (session: SessionView) => void;
}) {
  const i = useI18n();
  const [state, dispatch] = useReducer(pinReducer, initialPin);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const staffRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (state.focus === 'pin' ? pinRef : staffRef).current?.focus();
  }, [state.focus]);
  useEffect(() => {
    if (state.lockedUntil === null) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [state.lockedUntil]);

  async function submit() {
    if (!canSubmit(state, Date.now()) || busy) return;
    setBusy(true);
    try {
      const r = await api.login(state.staffNo, state.pin);
      if (r.ok) {
        dispatch({ type: 'succeeded' });
        onLoggedIn(r.value);
      } else {
        dispatch({ type: 'failed', message: r.message || i.t('login.failed'), at: Date.now() });
      }
    } catch (e) {
      dispatch({ type: 'failed', message: (e as Error).message, at: Date.now() });
    } finally {
      setBusy(false);
    }
  }

  function onKey(e: KeyboardEvent) {
    if (e.key === 'Enter') {
      e.preventDefault();
      if (state.focus === 'staffNo') dispatch({ type: 'focus', field: 'pin' });
      else void submit();
    } else if (e.key === 'Backspace') {
      e.preventDefault();
      dispatch({ type: 'backspace' });
    } else if (e.key.length === 1) {
      e.preventDefault();
      dispatch({ type: 'digit', digit: e.key });
    }
  }

  const locked = isLocked(state, now);
  return (
    <div className="center" data-testid="login">
      <h1>{i.t('login.title')}</h1>
      <label>
        {i.t('login.staffNo')}
        <input
          ref={staffRef}
          data-testid="staff-no"
          value={state.staffNo}
          onFocus={() => dispatch({ type: 'focus', field: 'staffNo' })}
          onKeyDown={onKey}
          readOnly
        />
      </label>
      <label>
        {i.t('login.pin')}
        <input
          ref={pinRef}
          data-testid="pin"
          type="password"
          value={state.pin}
          onFocus={() => dispatch({ type: 'focus', field: 'pin' })}
          onKeyDown={onKey}
          readOnly
        />
      </label>
      <PinPad
        onKey={(k) =>
          dispatch(
            k === 'clear'
              ? { type: 'clear' }
              : k === 'back'
                ? { type: 'backspace' }
                : { type: 'digit', digit: k },
          )
        }
      />
      {locked && state.lockedUntil !== null ? (
        <div className="message">
          {i.t('login.locked', { s: Math.ceil((state.lockedUntil - now) / 1000) })}
        </div>
      ) : (
        state.error && <div className="message">{state.error}</div>
      )}
      <button
        className="primary"
        data-testid="login-submit"
        disabled={!canSubmit(state, now) || busy}
        onClick={() => void submit()}
      >
        {i.t('login.submit')}
      </button>
    </div>
  );
}
