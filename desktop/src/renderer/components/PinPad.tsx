import { useI18n } from '../i18n/use-i18n.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;

export function PinPad({ onKey }: { onKey: (key: (typeof KEYS)[number]) => void }) {
  const i = useI18n();
  return (
    <div className="pinpad">
      {KEYS.map((k) => (
        <button key={k} type="button" onClick={() => onKey(k)} data-key={k}>
          {k === 'clear' ? i.t('pad.clear') : k === 'back' ? i.t('pad.back') : k}
        </button>
      ))}
    </div>
  );
}
