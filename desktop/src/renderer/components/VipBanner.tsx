import { useI18n } from '../i18n/use-i18n.js';
import type { VipArrival } from '../state/status.js';

export function VipBanner({
  arrivals,
  onDismiss,
}: {
  arrivals: readonly VipArrival[];
  onDismiss: (memberId: string) => void;
}) {
  const i = useI18n();
  return (
    <>
      {arrivals.map((a) => (
        <div className="vip" key={a.memberId} data-testid="vip-banner" role="alert">
          <span>{i.t('vip.arrived', { name: a.name, tier: a.tier })}</span>
          <button onClick={() => onDismiss(a.memberId)}>{i.t('vip.dismiss')}</button>
        </div>
      ))}
    </>
  );
}
