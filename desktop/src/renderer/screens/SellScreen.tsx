import { useState } from 'react';
import type { CartView, LaneApi, ProductHit, SuspendedView } from '../api/lane-api.js';
import { ApprovalPanel, type Approval } from '../components/ApprovalPanel.js';
import { FunctionKeys } from '../components/FunctionKeys.js';
import { LinesTable } from '../components/LinesTable.js';
import { useI18n } from '../i18n/use-i18n.js';
import { useScanField } from '../scan/use-scan-field.js';
import { interpretEntry } from '../state/entry.js';
import type { CashierAction, Keymap } from '../state/keymap.js';

type Mode = 'item' | 'member' | 'quantity' | 'return';

const SELL_ACTIONS: readonly CashierAction[] = [
  'search',
  'quantity',
  'member',
  'voidLine',
  'suspend',
  'resume',
  'reprint',
  'return',
  'voidOrder',
  'shift',
  'manager',
  'language',
  'pay',
];

export interface SellScreenProps {
  api: LaneApi;
  keymap: Keymap;
  cart: CartView | null;
  onCart: (cart: CartView) => void;
  onAction: (action: 'pay' | 'shift' | 'manager' | 'language') => void;
  onReturn: (receiptNo: string) => void;
  lastReceiptNo: string | null;
  scanTiming?: { maxGapMs?: number; minLength?: number };
}

export function SellScreen(props: SellScreenProps) {
  const { api, cart } = props;
  const i = useI18n();
  const [mode, setMode] = useState<Mode>('item');
  const [multiplier, setMultiplier] = useState<number | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; info?: boolean } | null>(null);
  const [results, setResults] = useState<ProductHit[] | null>(null);
  const [suspended, setSuspended] = useState<SuspendedView[] | null>(null);
  const [pending, setPending] = useState<{ reason: string; retry: (a: Approval) => void } | null>(
    null,
  );

  function show(r: { ok: true; value: CartView } | { ok: false; message: string }) {
    if (r.ok) {
      props.onCart(r.value);
      const last = r.value.lines[r.value.lines.length - 1];
      if (last && r.value.lines.length !== (cart?.lines.length ?? 0)) setSelected(last.lineId);
      setMessage(null);
    } else {
      setMessage({ text: r.message });
    }
  }

  async function guarded(fn: () => Promise<void>) {
    try {
      await fn();
    } catch (e) {
      setMessage({ text: i.t('error.network', { message: (e as Error).message }) });
    }
  }

  function entry(text: string, source: 'scan' | 'typed') {
    void guarded(async () => {
      if (mode === 'member') {
        if (text.trim() === '') return;
        const t = text.trim();
        // A typed phone number, or a scanned member QR / card code.
        show(
          await api.attachMember(
            source === 'typed' && /^\+?\d{6,15}$/.test(t) ? { phone: t } : { code: t },
          ),
        );
        setMode('item');
        return;
      }
      if (mode === 'quantity') {
        const q = Number(text.trim());
        if (selected && Number.isInteger(q) && q > 0) show(await api.setQuantity(selected, q));
        setMode('item');
        return;
      }
      const e = interpretEntry(text, source);
      switch (e.kind) {
        case 'empty':
          return;
        case 'quantity':
          setMultiplier(e.quantity);
          return;
        case 'receipt':
          // A receipt scanned on the sell screen starts its return.
          props.onReturn(e.receiptNo);
          return;
        case 'code': {
          const r = await api.scan(e.code, multiplier ?? undefined);
          setMultiplier(null);
          if (!r.ok && r.code === 'NOT_FOUND')
            setMessage({ text: i.t('sell.notFound', { code: e.code }) });
          else show(r);
          return;
        }
        case 'search': {
          const r = await api.search(e.query);
          if (r.ok) setResults(r.value);
          else setMessage({ text: r.message });
          return;
        }
      }
    });
  }

  function action(a: CashierAction) {
    void guarded(async () => {
      switch (a) {
        case 'search':
          if (field.text.trim()) entry(field.text, 'typed');
          field.setText('');
          return;
        case 'quantity':
          setMode('quantity');
          setMessage({ text: i.t('sell.quantityPrompt'), info: true });
          return;
        case 'member':
          setMode('member');
          setMessage({ text: i.t('sell.memberPrompt'), info: true });
          return;
        case 'voidLine':
          if (selected) show(await api.voidLine(selected));
          return;
        case 'suspend': {
          // The lane starts a fresh cart after parking one; show that one.
          const r = await api.suspend();
          if (!r.ok) return setMessage({ text: r.message });
          setSelected(null);
          show(await api.cart());
          return;
        }
        case 'resume': {
          const r = await api.suspended();
          if (r.ok) setSuspended(r.value);
          else setMessage({ text: r.message });
          return;
        }
        case 'reprint': {
          if (!props.lastReceiptNo) return;
          const r = await api.reprint(props.lastReceiptNo);
          setMessage(
            r.ok
              ? { text: i.t('sell.reprinted', { no: props.lastReceiptNo }), info: true }
              : { text: r.message },
          );
          return;
        }
        case 'return':
          props.onReturn('');
          return;
        case 'openDrawer':
          // The edge-agent has no no-sale drawer route yet (see docs/desktop.md, limits).
          setMessage({ text: i.t('sell.unavailable', { action: i.t(`action.${a}`) }) });
          return;
        case 'voidOrder': {
          const voided = async (r: Awaited<ReturnType<LaneApi['voidCart']>>) => {
            if (!r.ok) return setMessage({ text: r.message });
            setSelected(null);
            show(await api.cart());
          };
          const r = await api.voidCart();
          if (!r.ok && r.code === 'APPROVAL_REQUIRED') {
            setPending({
              reason: r.message,
              retry: (a) =>
                void guarded(async () => {
                  const again = await api.voidCart(a);
                  setPending(null);
                  await voided(again);
                }),
            });
            return;
          }
          await voided(r);
          return;
        }
        case 'cancel':
          setMode('item');
          setResults(null);
          setSuspended(null);
          setMessage(null);
          setMultiplier(null);
          return;
        case 'pay': {
          if (!cart || cart.lines.length === 0) return;
          const r = await api.startTender();
          if (!r.ok) return setMessage({ text: r.message });
          props.onCart(r.value);
          props.onAction('pay');
          return;
        }
        case 'shift':
        case 'manager':
        case 'language':
          props.onAction(a);
          return;
      }
    });
  }

  const field = useScanField({
    keymap: props.keymap,
    onScan: (data) => entry(data, 'scan'),
    onSubmit: (text) => entry(text, 'typed'),
    onAction: action,
    ...props.scanTiming,
  });

  const lines = cart?.lines ?? [];
  const pieces = lines.reduce((s, l) => s + (l.soldBy === 'weight' ? 1 : l.quantity), 0);
  return (
    <div className="main" data-testid="sell">
      <div className="sell-left">
        <input
          ref={field.ref}
          data-testid="scan-field"
          autoFocus
          value={field.text}
          placeholder={i.t('sell.scanHint')}
          onChange={(e) => field.setText(e.target.value)}
          onKeyDown={field.onKeyDown}
          onBlur={field.onBlur}
          autoComplete="off"
        />
        {multiplier !== null && (
          <div className="message info">{i.t('sell.qtyNext', { n: multiplier })}</div>
        )}
        {message && (
          <div className={`message${message.info ? ' info' : ''}`} data-testid="sell-message">
            {message.text}
          </div>
        )}
        {pending && (
          <ApprovalPanel
            reason={pending.reason}
            onApprove={pending.retry}
            onCancel={() => setPending(null)}
          />
        )}
        {results && (
          <div className="panel results" data-testid="search-results">
            <div>{i.t('sell.searchResults')}</div>
            {results.length === 0 && <div className="empty">{i.t('sell.noResults')}</div>}
            {results.map((p) => (
              <button
                key={p.productId}
                onClick={() =>
                  void guarded(async () => {
                    setResults(null);
                    show(await api.addProduct(p.productId, multiplier ?? 1));
                    setMultiplier(null);
                  })
                }
              >
                <span>
                  {i.name(p.name)} <small>{p.sku}</small>
                </span>
                <span>{p.unitPrice === null ? '—' : i.money(p.unitPrice)}</span>
              </button>
            ))}
          </div>
        )}
        {suspended && (
          <div className="panel results" data-testid="suspended">
            <div>{i.t('sell.suspended')}</div>
            {suspended.length === 0 && <div className="empty">{i.t('sell.noSuspended')}</div>}
            {suspended.map((s) => (
              <button
                key={s.cartId}
                onClick={() =>
                  void guarded(async () => {
                    setSuspended(null);
                    show(await api.resume(s.cartId));
                  })
                }
              >
                <span>{new Date(s.suspendedAt).toLocaleTimeString(i.locale)}</span>
                <span>{i.t('sell.items', { n: s.lines })}</span>
              </button>
            ))}
          </div>
        )}
        <div className="lines">
          <LinesTable lines={lines} selected={selected} onSelect={setSelected} />
        </div>
      </div>
      <div className="sell-right">
        <div className="panel" data-testid="member">
          {i.t('sell.member')}:{' '}
          {cart?.member
            ? `${cart.member.name ?? ''} ${cart.member.phoneMasked} · ${cart.member.tier}`
            : i.t('sell.memberNone')}
        </div>
        <div className="totals panel">
          <span>{i.t('sell.items', { n: pieces })}</span>
          <span />
          <span>{i.t('sell.subtotal')}</span>
          <span data-testid="subtotal">{i.money(cart?.subtotal ?? 0)}</span>
          <span>{i.t('sell.discount')}</span>
          <span data-testid="discount">−{i.money(cart?.discountTotal ?? 0)}</span>
          <span>{i.t('sell.total')}</span>
          <span className="grand" data-testid="total">
            {i.money(cart?.total ?? 0)}
          </span>
        </div>
        <FunctionKeys
          keymap={props.keymap}
          actions={SELL_ACTIONS}
          onAction={action}
          disabled={lines.length === 0 ? ['pay', 'suspend', 'voidOrder'] : []}
        />
      </div>
    </div>
  );
}
