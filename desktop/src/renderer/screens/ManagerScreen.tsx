import { useEffect, useState } from 'react';
import type { LaneApi, SalesToday, StockRow } from '../api/lane-api.js';
import type { DeviceView } from '../state/status.js';
import { useI18n } from '../i18n/use-i18n.js';

type Tab = 'stock' | 'lowStock' | 'devices' | 'sales';

export function ManagerScreen({ api, onBack }: { api: LaneApi; onBack: () => void }) {
  const i = useI18n();
  const [tab, setTab] = useState<Tab>('stock');
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<StockRow[]>([]);
  const [devices, setDevices] = useState<DeviceView[]>([]);
  const [sales, setSales] = useState<SalesToday | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function load(t: Tab, q: string) {
    try {
      setMessage(null);
      if (t === 'stock') {
        const r = await api.stock(q);
        if (r.ok) setRows(r.value);
        else setMessage(r.message);
      } else if (t === 'lowStock') {
        const r = await api.lowStock();
        if (r.ok) setRows(r.value);
        else setMessage(r.message);
      } else if (t === 'devices') {
        const r = await api.devices();
        if (r.ok) setDevices(r.value);
        else setMessage(r.message);
      } else {
        const r = await api.salesToday();
        if (r.ok) setSales(r.value);
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
        {(['stock', 'lowStock', 'devices', 'sales'] as const).map((t) => (
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
      {(tab === 'stock' || tab === 'lowStock') && (
        <table className="grid" data-testid="stock-rows">
          <tbody>
            {rows.map((r) => (
              <tr key={r.productId} data-sku={r.sku}>
                <td>{r.sku}</td>
                <td>{i.name(r.name)}</td>
                <td data-testid="on-hand">
                  {r.soldBy === 'weight' ? i.grams(r.onHand) : r.onHand}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {tab === 'devices' && (
        <table className="grid">
          <tbody>
            {devices.map((d) => (
              <tr key={d.deviceId}>
                <td>{d.name}</td>
                <td>{d.kind}</td>
                <td>{d.online ? i.t('status.online') : i.t('status.offline')}</td>
                <td>{d.lastSeenAt ? new Date(d.lastSeenAt).toLocaleTimeString(i.locale) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {tab === 'sales' && sales && (
        <div className="totals panel">
          <span>orders</span>
          <span>{sales.orders}</span>
          <span>returns</span>
          <span>{sales.returns}</span>
          <span>{i.t('mgr.sales')}</span>
          <span className="grand">{i.money(sales.netSales)}</span>
        </div>
      )}
    </div>
  );
}
