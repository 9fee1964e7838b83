import { useState } from 'react';
import { useI18n } from '../i18n/use-i18n.js';

export interface Approval {
  staffNo: string;
  pin: string;
}

/**
 * Shown when the edge-agent answers APPROVAL_REQUIRED: a supervisor or manager enters their staff
 * number and PIN on the lane, and the same request is sent again with the approval.
 */
export function ApprovalPanel({
  reason,
  onApprove,
  onCancel,
}: {
  reason: string;
  onApprove: (approval: Approval) => void;
  onCancel: () => void;
}) {
  const i = useI18n();
  const [a, setA] = useState<Approval>({ staffNo: '', pin: '' });
  return (
    <div className="panel" data-testid="approval">
      <div className="message info">{reason}</div>
      <div className="quick">
        <input
          data-keep-focus
          data-testid="approval-no"
          placeholder={i.t('approval.staffNo')}
          value={a.staffNo}
          onChange={(e) => setA({ ...a, staffNo: e.target.value })}
          autoFocus
        />
        <input
          data-keep-focus
          data-testid="approval-pin"
          type="password"
          placeholder={i.t('login.pin')}
          value={a.pin}
          onChange={(e) => setA({ ...a, pin: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && a.staffNo && a.pin) onApprove(a);
          }}
        />
        <button
          className="primary"
          data-testid="approval-submit"
          disabled={!a.staffNo || !a.pin}
          onClick={() => onApprove(a)}
        >
          {i.t('approval.approve')}
        </button>
        <button onClick={onCancel}>{i.t('action.cancel')}</button>
      </div>
    </div>
  );
}
