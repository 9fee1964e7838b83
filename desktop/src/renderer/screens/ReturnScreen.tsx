import { useEffect, useState } from 'react';
import { ulid } from '@mendian/protocol';
import type { LaneApi, RefundableLine } from '../api/lane-api.js';
import { useI18n } from '../i18n/use-i18n.js';

/**
 * Returns by receipt: scan (or type) the receipt number, choose quantities per line (never more
 * than what is left to refund), and refund with a supervisor's PIN (cashiers may not refund
 * alone). The return id is made once per screen, so a retried submit never refunds twice.
 */
export function ReturnScreen({
  api,
  initialReceiptNo,
  onDone,
}: {
  api: LaneApi;
  initialReceiptNo: string;
  onDone: () => void;
}) {
  const i = useI18n();
  const [receiptNo, setReceiptNo] = useState(initialReceiptNo);
  const [lines, setLines] = useState<RefundableLine[] | null>(null);
  const [qty, setQty] = useState<Record<string, number>>({});
  const [restock, setRestock] = useState<'sellable' | 'damaged'>('sellable');
  const [approver, setApprover] = useState({ staffNo: '', pin: '' });
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<{ receiptNo: string; total: number } | null>(null);
  const [returnId] = useState(() => ulid());

  async function guarded(fn: () => Promise<void>) {
    try {
      await fn();
    } catch (e) {
      setMessage(i.t('error.network', { message: (e as Error).message }));
    }
  }

  const lookup = () =>
    void guarded(async () => {
      const r = await api.returnLookup(receiptNo.trim().toUpperCase());
      if (!r.ok) return setMessage(r.message);
      setMessage(null);
      setLines(r.value.lines);
      setQty({});
    });

  // A receipt scanned on the sell screen arrives here already: look it up at once.
  const [looked, setLooked] = useState(false);
  useEffect(() => {
    if (looked || initialReceiptNo === '') return;
    setLooked(true);
    lookup();
  }, [looked, initialReceiptNo, lookup]);

  const chosen = (lines ?? [])
    .map((l) => ({ lineId: l.lineId, quantity: qty[l.lineId] ?? 0, restock }))
    .filter((l) => l.quantity > 0);

  const submit = () =>
    void guarded(async () => {
      const r = await api.refund({
        returnId,
        receiptNo: receiptNo.trim().toUpperCase(),
        lines: chosen,
        refundTo: 'original',
        ...(approver.staffNo && approver.pin ? { approval: approver } : {}),
      });
      if (!r.ok) return setMessage(r.message);
      setDone(r.value);
    });

  if (done) {
    return (
      <div className="center" data-testid="return-done">
        <h1>{i.t('return.done')}</h1>
        <div>{i.t('tender.receiptNo', { no: done.receiptNo })}</div>
        <div className="change">{i.money(done.total)}</div>
        <button className="primary" autoFocus onClick={onDone}>
          {i.t('tender.newSale')}
        </button>
      </div>
    );
  }

  return (
    <div className="tender" data-testid="return">
      <h2>{i.t('return.title')}</h2>
      <input
        data-testid="return-receipt"
        data-keep-focus
        placeholder={i.t('sell.returnPrompt')}
        value={receiptNo}
        onChange={(e) => setReceiptNo(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') lookup();
          if (e.key === 'Escape') onDone();
        }}
        autoFocus
      />
      {message && (
        <div className="message" data-testid="return-message">
          {message}
        </div>
      )}
      {lines && (
        <table className="grid" data-testid="return-lines">
          <tbody>
            {lines.map((l) => (
              <tr key={l.lineId}>
                <td>{i.name(l.name)}</td>
                <td>
                  {i.t('return.left', {
                    n: l.soldBy === 'weight' ? i.grams(l.remaining) : l.remaining,
                  })}
                </td>
                <td>{i.money(l.netAmount)}</td>
                <td>
                  <input
                    data-keep-focus
                    data-line={l.lineId}
                    type="number"
                    min={0}
                    max={l.remaining}
                    value={qty[l.lineId] ?? 0}
                    onChange={(e) => {
                      const n = Math.max(
                        0,
                        Math.min(l.remaining, Math.floor(Number(e.target.value))),
                      );
                      setQty({ ...qty, [l.lineId]: Number.isFinite(n) ? n : 0 });
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lines && (
        <div className="quick">
          <button
            onClick={() => setQty(Object.fromEntries(lines.map((l) => [l.lineId, l.remaining])))}
          >
            {i.t('return.all')}
          </button>
          <button onClick={() => setRestock(restock === 'sellable' ? 'damaged' : 'sellable')}>
            {i.t(restock === 'sellable' ? 'return.sellable' : 'return.damaged')}
          </button>
          <input
            data-keep-focus
            data-testid="approver-no"
            placeholder={i.t('return.approver')}
            value={approver.staffNo}
            onChange={(e) => setApprover({ ...approver, staffNo: e.target.value })}
          />
          <input
            data-keep-focus
            data-testid="approver-pin"
            type="password"
            placeholder={i.t('login.pin')}
            value={approver.pin}
            onChange={(e) => setApprover({ ...approver, pin: e.target.value })}
          />
          <button
            className="primary"
            data-testid="refund"
            disabled={chosen.length === 0}
            onClick={submit}
          >
            {i.t('return.refund')}
          </button>
        </div>
      )}
      <button onClick={onDone}>{i.t('action.cancel')}</button>
    </div>
  );
}
