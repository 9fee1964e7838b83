import { useState } from 'react';
import { parseYuan } from '@mendian/protocol';
import type { LaneApi, ShiftReport } from '../api/lane-api.js';
import { useI18n } from '../i18n/use-i18n.js';

/**
 * Shift screen: opens a shift with its float when the lane has none (the edge-agent keeps no cart
 * without one), and while a shift is open records cash in/out and shows the X report.
 */
export function ShiftScreen({
  api,
  shiftOpen,
  reason,
  onDone,
}: {
  api: LaneApi;
  shiftOpen: boolean;
  reason: string | null;
  onDone: () => void;
}) {
  const i = useI18n();
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(shiftOpen ? null : reason);
  const [report, setReport] = useState<ShiftReport | null>(null);

  function fen(): number | null {
    try {
      return parseYuan(amount);
    } catch (e) {
      setMessage((e as Error).message);
      return null;
    }
  }

  async function guarded(fn: () => Promise<void>) {
    try {
      await fn();
    } catch (e) {
      setMessage(i.t('error.network', { message: (e as Error).message }));
    }
  }

  return (
    <div className="center" data-testid="shift">
      <h1>{i.t('shift.title')}</h1>
      {message && <div className="message">{message}</div>}
      <label>
        {shiftOpen ? i.t('shift.amount') : i.t('shift.float')}
        <input
          data-testid="shift-amount"
          data-keep-focus
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          autoFocus
        />
      </label>
      {!shiftOpen && (
        <button
          className="primary"
          data-testid="shift-open"
          onClick={() =>
            void guarded(async () => {
              const f = fen();
              if (f === null) return;
              const r = await api.openShift(f);
              if (r.ok) onDone();
              else setMessage(r.message);
            })
          }
        >
          {i.t('shift.open')}
        </button>
      )}
      {shiftOpen && (
        <>
          <label>
            {i.t('shift.reason')}
            <input data-keep-focus value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="quick">
            {(['in', 'out'] as const).map((kind) => (
              <button
                key={kind}
                onClick={() =>
                  void guarded(async () => {
                    const f = fen();
                    if (f === null) return;
                    const r = await api.cashMovement(
                      kind,
                      f,
                      note || i.t(`shift.cash${kind === 'in' ? 'In' : 'Out'}`),
                    );
                    setMessage(r.ok ? null : r.message);
                    if (r.ok) setAmount('');
                  })
                }
              >
                {i.t(kind === 'in' ? 'shift.cashIn' : 'shift.cashOut')}
              </button>
            ))}
            <button
              onClick={() =>
                void guarded(async () => {
                  const r = await api.xReport();
                  if (r.ok) setReport(r.value);
                  else setMessage(r.message);
                })
              }
            >
              {i.t('shift.x')}
            </button>
            <button onClick={onDone}>{i.t('action.cancel')}</button>
          </div>
          {report && (
            <table className="grid" data-testid="x-report">
              <tbody>
                {report.rows.map((r) => (
                  <tr key={r.label}>
                    <td>{r.label}</td>
                    <td>{r.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
