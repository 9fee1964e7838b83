import { useEffect, useState } from 'react';
import type { LaneApi, StockRow } from '../api/lane-api.js';
import { useI18n } from '../i18n/use-i18n.js';

type Tab = 'stock' | 'lowStock';

export function ManagerScreen({ api, onBack }: { api: LaneApi; onBack: () => void }) {
  const i = useI18n();
  const [tab, setTab] = useState<Tab>('stock');
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<StockRow[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  async function load(t: Tab, q: string) {
    try {
      setMessage(null);
      if (t === 'stock') {
        const r = await api.stock(q);
        if (r.ok) setRows(r.value);
        else setMessage(r.message);
      } else {
        const r = await api.lowStock();
        if (r.ok) setRows(r.value);
        else setMessage(r.message);
      }
    } catch (e) {
      setMessage(i.t('error.network', { message: (e as Error).message }));
    }
  }

  useEffect(() => {
    void load(tab, query);
    // Reload on tab change only; the search box reloads on Enter.
  }, [tab]);

  return (
    <div className="tender" data-testid="manager">
      <div className="tabs">
        {(['stock', 'lowStock'] as const).map((t) => (
          <button
            key={t}
            className={t === tab ? 'active' : ''}
            data-tab={t}
            onClick={() => setTab(t)}
          >
            {i.t(`mgr.${t}`)}
          </button>
        ))}
        <button onClick={onBack}>{i.t('action.cancel')}</button>
      </div>
      {message && <div className="message">{message}</div>}
      {tab === 'stock' && (
        <input
          data-testid="stock-search"
          data-keep-focus
          placeholder={i.t('mgr.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void load('stock', query);
            if (e.key === 'Escape') onBack();
          }}
          autoFocus
        />
      )}
      <table className="grid" data-testid="stock-rows">
        <tbody>
          {rows.map((r) => (
            <tr key={r.productId} data-sku={r.sku}>
              <td>{r.sku}</td>
              <td>{i.name(r.name)}</td>
              <td data-testid="on-hand">{r.soldBy === 'weight' ? i.grams(r.onHand) : r.onHand}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
