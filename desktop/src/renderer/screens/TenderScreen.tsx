import { useEffect, useReducer, useState } from 'react';
import type { CartView, LaneApi, SaleDone } from '../api/lane-api.js';
import { useI18n } from '../i18n/use-i18n.js';
import { useScanField } from '../scan/use-scan-field.js';
import type { Keymap } from '../state/keymap.js';
import { ulid } from '@mendian/protocol';
import { entryFen, initialTender, quickCashAmounts, tenderReducer } from '../state/tender.js';

export interface TenderScreenProps {
  api: LaneApi;
  keymap: Keymap;
  cart: CartView;
  onCart: (cart: CartView) => void;
  onDone: (done: SaleDone) => void;
  onBack: () => void;
}

export function TenderScreen({ api, keymap, cart, onCart, onDone, onBack }: TenderScreenProps) {
  const i = useI18n();
  const due = Math.max(0, cart.remaining);
  const [state, dispatch] = useReducer(tenderReducer, due, initialTender);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [walletMode, setWalletMode] = useState(false);

  async function run(fn: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      setMessage(i.t('error.network', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  async function afterPayment(next: CartView) {
    onCart(next);
    setMessage(null);
    if (next.remaining <= 0) {
      const done = await api.commit(next.id);
      if (done.ok) onDone(done.value);
      else setMessage(done.message);
    }
  }

  function cash(tendered: number) {
    void run(async () => {
      const r = await api.payCash(tendered);
      dispatch({ type: 'clearEntry' });
      if (r.ok) await afterPayment(r.value);
      else setMessage(r.message);
    });
  }

  function card() {
    void run(async () => {
      const typed = entryFen(state);
      const r = await api.payCard(typed === null ? null : Math.min(typed, due));
      dispatch({ type: 'clearEntry' });
      if (r.ok) await afterPayment(r.value);
      else setMessage(r.message);
    });
  }

  function wallet(authCode: string) {
    const typed = entryFen(state);
    const amount = typed === null ? due : Math.min(typed, due);
    const paymentId = ulid();
    setWalletMode(false);
    // USERPAYING: the request stays open while the customer confirms on their phone.
    dispatch({ type: 'walletWaiting', paymentId, amount, at: Date.now() });
    void run(async () => {
      try {
        const r = await api.payWallet(authCode, typed === null ? null : amount);
        if (!r.ok) {
          dispatch({ type: 'walletFailed', message: r.message });
          return;
        }
        const p = r.value.payments.at(-1);
        dispatch({
          type: 'walletPaid',
          paymentId,
          method: p?.method ?? 'wechat',
          reference: p?.reference ?? '',
        });
        await afterPayment(r.value);
      } catch (e) {
        dispatch({ type: 'walletFailed', message: (e as Error).message });
      }
    });
  }

  const field = useScanField({
    keymap,
    onScan: (data) => (walletMode ? wallet(data) : setMessage(i.t('tender.walletPrompt'))),
    onSubmit: (text) => {
      if (walletMode && text.trim()) return wallet(text.trim());
      const fen = entryFen(state);
      if (fen !== null) cash(fen);
    },
    onAction: (a) => {
      if (a === 'cancel' && state.wallet.phase !== 'waiting' && cart.paid === 0) onBack();
    },
  });

  // Digits typed into the field drive the keypad entry too.
  const typed = field.text;
  const clearTyped = field.setText;
  useEffect(() => {
    if (walletMode || typed === '') return;
    clearTyped('');
    for (const ch of typed) dispatch({ type: 'digit', digit: ch });
  }, [typed, clearTyped, walletMode]);

  const waiting = state.wallet.phase === 'waiting';
  // Touch buttons must not take focus from the field: a scan right after a tap goes there.
  const keepFieldFocus = (e: { preventDefault(): void }) => e.preventDefault();
  return (
    <div className="main" data-testid="tender">
      <div className="tender">
        <h2>{i.t('tender.title')}</h2>
        <div>
          {i.t('tender.due')}{' '}
          <span className="amount" data-testid="due">
            {i.money(due)}
          </span>
        </div>
        <div>
          {i.t('tender.paid')} <span data-testid="paid">{i.money(cart.paid)}</span>
        </div>
        <input
          ref={field.ref}
          data-testid="tender-field"
          value={walletMode ? field.text : state.entry}
          placeholder={walletMode ? i.t('tender.walletPrompt') : '¥'}
          onChange={(e) => field.setText(e.target.value)}
          onKeyDown={(e) => {
            if (!walletMode && e.key === 'Backspace') {
              e.preventDefault();
              dispatch({ type: 'backspace' });
              return;
            }
            field.onKeyDown(e);
          }}
          onBlur={field.onBlur}
          autoFocus
        />
        <div className="quick" onMouseDown={keepFieldFocus}>
          {quickCashAmounts(due).map((a) => (
            <button
              key={a}
              data-testid="quick-cash"
              disabled={busy || waiting}
              onClick={() => cash(a)}
            >
              {a === due ? i.t('tender.exact') : i.money(a)}
            </button>
          ))}
        </div>
        <div className="quick" onMouseDown={keepFieldFocus}>
          <button
            className="primary"
            data-testid="pay-cash"
            disabled={busy || waiting || entryFen(state) === null}
            onClick={() => cash(entryFen(state) ?? 0)}
          >
            {i.t('tender.cash')} {entryFen(state) !== null && i.money(entryFen(state) ?? 0)}
          </button>
          <button data-testid="pay-card" disabled={busy || waiting} onClick={card}>
            {i.t('tender.card')}
          </button>
          <button
            data-testid="pay-wallet"
            disabled={busy || waiting}
            onClick={() => setWalletMode(true)}
          >
            {i.t('tender.wallet')}
          </button>
          <button onClick={onBack} disabled={busy || waiting || cart.paid > 0}>
            {i.t('action.cancel')}
          </button>
        </div>
        {waiting && (
          <div className="message info" data-testid="wallet-waiting">
            {i.t('tender.waiting')}
          </div>
        )}
        {state.wallet.phase === 'failed' && <div className="message">{state.wallet.message}</div>}
        {message && (
          <div className="message" data-testid="tender-message">
            {message}
          </div>
        )}
      </div>
    </div>
  );
}

export function SaleDoneScreen({ done, onNext }: { done: SaleDone; onNext: () => void }) {
  const i = useI18n();
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === 'Escape') onNext();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onNext]);
  return (
    <div className="center" data-testid="sale-done">
      <h1>{i.t('tender.done')}</h1>
      <div>{i.t('tender.receiptNo', { no: done.receiptNo })}</div>
      <div data-testid="receipt-no" hidden>
        {done.receiptNo}
      </div>
      <div>
        {i.t('tender.due')} {i.money(done.total)}
      </div>
      <div>
        {i.t('tender.change')}{' '}
        <span className="change" data-testid="change">
          {i.money(done.change)}
        </span>
      </div>
      <button className="primary" autoFocus onClick={onNext}>
        {i.t('tender.newSale')}
      </button>
    </div>
  );
}
