import { useI18n } from '../i18n/use-i18n.js';
import { ageParts, deviceAlerts, syncView, type StatusState } from '../state/status.js';

export interface StatusBarProps {
  status: StatusState;
  laneCode: string;
  cashierName: string | null;
  now: number;
}

export function StatusBar({ status, laneCode, cashierName, now }: StatusBarProps) {
  const i = useI18n();
  const sync = syncView(status);
  const alerts = deviceAlerts(status);
  const age = sync.lastSyncedAt === null ? null : ageParts(sync.lastSyncedAt, now);
  return (
    <div className="statusbar" data-testid="statusbar">
      <span>{i.t('status.lane', { lane: laneCode })}</span>
      {cashierName && <span>{i.t('status.cashier', { name: cashierName })}</span>}
      <span className="spacer" />
      <span className={`sync-${sync.state}`} data-testid="sync-state" data-state={sync.state}>
        ● {i.t(`status.${sync.state}`)}
      </span>
      {(sync.state === 'online' || sync.state === 'offline') && (
        <span data-testid="sync-pending">{i.t('status.pending', { n: sync.pending })}</span>
      )}
      {sync.state !== 'agentDown' && sync.state !== 'unknown' && (
        <span>
          {age
            ? i.t('status.lastSynced', { age: i.t(`age.${age.unit}`, { n: age.n }) })
            : i.t('status.never')}
        </span>
      )}
      {alerts.length === 0 ? (
        <span>{i.t('status.devicesOk')}</span>
      ) : (
        alerts.map((d) => (
          <span key={d.deviceId} className="device-alert" data-testid="device-alert">
            {i.t(d.online ? `device.${d.problems[0] ?? 'error'}` : 'device.offline', {
              name: d.name,
            })}
          </span>
        ))
      )}
    </div>
  );
}
