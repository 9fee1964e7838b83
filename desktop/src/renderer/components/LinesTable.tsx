import type { LineView } from '../api/lane-api.js';
import { useI18n } from '../i18n/use-i18n.js';

export function LinesTable({
  lines,
  selected,
  onSelect,
}: {
  lines: readonly LineView[];
  selected: string | null;
  onSelect: (lineId: string) => void;
}) {
  const i = useI18n();
  if (lines.length === 0) return <div className="empty">{i.t('sell.empty')}</div>;
  return (
    <table data-testid="lines">
      <thead>
        <tr>
          <th>#</th>
          <th>{i.t('sell.col.item')}</th>
          <th className="num">{i.t('sell.col.qty')}</th>
          <th className="num">{i.t('sell.col.price')}</th>
          <th className="num">{i.t('sell.col.amount')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l, n) => (
          <tr
            key={l.lineId}
            data-testid="line"
            data-sku={l.sku}
            className={l.lineId === selected ? 'selected' : ''}
            onClick={() => onSelect(l.lineId)}
          >
            <td>{n + 1}</td>
            <td>
              {i.name(l.name)}
              {l.discounts.map((d, k) => (
                <div className="promo" key={k} data-testid="line-promo">
                  {i.name(d.reason.name)} −{i.money(d.amount)}
                </div>
              ))}
            </td>
            <td className="num">{l.soldBy === 'weight' ? i.grams(l.quantity) : l.quantity}</td>
            <td className="num">{i.money(l.unitPrice)}</td>
            <td className="num" data-testid="line-amount">
              {i.money(l.netAmount)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
