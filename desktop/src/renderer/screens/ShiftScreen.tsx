import { useState } from 'react';
import { parseYuan } from '@mendian/protocol';
import type { LaneApi, ShiftReport } from '../api/lane-api.js';
import { ApprovalPanel, type Approval } from '../components/ApprovalPanel.js';
import { useI18n } from '../i18n/use-i18n.js';

/** Notes and coins counted at shift close, in fen (¥100 … ¥0.1). */
const DENOMINATIONS = [10000, 5000, 2000, 1000, 500, 100, 50, 10] as const;

/**
 * Shift screen: opens a shift with its float when the lane has none (the edge-agent keeps no cart
 * without one), and while a shift is open records cash in/out and shows the X report.
 */
// Reports come as flat fields; ids are noise for a cashier, times and money get their format.
const HIDDEN = /^(schemaVersion|id)$|Id$/;
const MONEY = /cash|amount|total|sales|float|refund|variance|over|short|expected|counted/i;

export function ShiftScreen({
  api,
  shiftOpen,
  reason,
  onDone,
  onClosed,
}: {
  api: LaneApi;
  shiftOpen: boolean;
  reason: string | null;
  onDone: () => void;
  /** The shift was closed: the lane needs a new one before it sells again. */
  onClosed: () => void;
}) {
  const i = useI18n();
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(shiftOpen ? null : reason);
  const [report, setReport] = useState<ShiftReport | null>(null);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [dayClose, setDayClose] = useState(false);
  const [closed, setClosed] = useState(false);
  const [pending, setPending] = useState<{ reason: string; retry: (a: Approval) => void } | null>(
    null,
  );
  const [manager, setManager] = useState({ staffNo: '', pin: '' });

  function fen(): number | null {
    try {
      return parseYuan(amount);
    } catch (e) {
      setMessage((e as Error).message);
      return null;
    }
  }

  function shown(label: string, value: string): string {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) return value;
    if (/At$/.test(label)) return new Date(n).toLocaleString(i.locale);
    return MONEY.test(label) ? i.money(n) : value;
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
                    const why = note || i.t(`shift.cash${kind === 'in' ? 'In' : 'Out'}`);
                    const r = await api.cashMovement(kind, f, why);
                    if (!r.ok && r.code === 'APPROVAL_REQUIRED') {
                      setPending({
                        reason: r.message,
                        retry: (a) =>
                          void guarded(async () => {
                            const again = await api.cashMovement(kind, f, why, a);
                            setPending(null);
                            setMessage(again.ok ? i.t('shift.recorded') : again.message);
                            if (again.ok) setAmount('');
                          }),
                      });
                      return;
                    }
                    setMessage(r.ok ? i.t('shift.recorded') : r.message);
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
            <button
              onClick={() =>
                void guarded(async () => {
                  const r = await api.zReport();
                  if (r.ok) setReport(r.value);
                  else setMessage(r.message);
                })
              }
            >
              {i.t('shift.zShow')}
            </button>
            <button onClick={onDone}>{i.t('action.cancel')}</button>
          </div>
          <div className="panel" data-testid="shift-close">
            <div>{i.t('shift.count')}</div>
            <div className="quick">
              {DENOMINATIONS.map((d) => (
                <label key={d}>
                  {i.money(d)}
                  <input
                    data-keep-focus
                    data-denomination={d}
                    type="number"
                    min={0}
                    value={counts[String(d)] ?? 0}
                    onChange={(e) => {
                      const n = Math.max(0, Math.floor(Number(e.target.value)));
                      setCounts({ ...counts, [String(d)]: Number.isFinite(n) ? n : 0 });
                    }}
                  />
                </label>
              ))}
            </div>
            <div className="quick">
              <button onClick={() => setDayClose(!dayClose)}>
                {dayClose ? i.t('shift.z') : i.t('shift.close')}
              </button>
              {dayClose && (
                <>
                  <input
                    data-keep-focus
                    placeholder={i.t('shift.manager')}
                    value={manager.staffNo}
                    onChange={(e) => setManager({ ...manager, staffNo: e.target.value })}
                  />
                  <input
                    data-keep-focus
                    type="password"
                    placeholder={i.t('login.pin')}
                    value={manager.pin}
                    onChange={(e) => setManager({ ...manager, pin: e.target.value })}
                  />
                </>
              )}
              <button
                className="primary"
                data-testid="shift-close-submit"
                onClick={() =>
                  void guarded(async () => {
                    const approval =
                      dayClose && manager.staffNo && manager.pin ? manager : undefined;
                    const r = await api.closeShift(counts, dayClose, approval);
                    if (!r.ok) return setMessage(r.message);
                    setReport(r.value);
                    setClosed(true);
                  })
                }
              >
                {i.t('shift.closeSubmit')}
              </button>
            </div>
          </div>
          {pending && (
            <ApprovalPanel
              reason={pending.reason}
              onApprove={pending.retry}
              onCancel={() => setPending(null)}
            />
          )}
          {closed && (
            <button className="primary" data-testid="shift-closed-next" onClick={onClosed}>
              {i.t('shift.openNext')}
            </button>
          )}
          {report && (
            <table className="grid" data-testid="x-report">
              <tbody>
                {report.rows
                  .filter((r) => !HIDDEN.test(r.label))
                  .map((r) => (
                    <tr key={r.label}>
                      <td>{r.label}</td>
                      <td>{shown(r.label, r.value)}</td>
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
