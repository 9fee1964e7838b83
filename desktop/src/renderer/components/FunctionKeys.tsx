import { useI18n } from '../i18n/use-i18n.js';
import { chordFor, type CashierAction, type Keymap } from '../state/keymap.js';

/** The touch twins of the function keys, labelled with their key so cashiers learn them. */
export function FunctionKeys({
  keymap,
  actions,
  onAction,
  disabled = [],
}: {
  keymap: Keymap;
  actions: readonly CashierAction[];
  onAction: (action: CashierAction) => void;
  disabled?: readonly CashierAction[];
}) {
  const i = useI18n();
  return (
    <div className="keys">
      {actions.map((a) => (
        <button
          key={a}
          type="button"
          data-action={a}
          className={a === 'pay' ? 'primary' : a === 'voidOrder' ? 'danger' : ''}
          disabled={disabled.includes(a)}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onAction(a)}
        >
          {i.t(`action.${a}`)}
          <small>{chordFor(keymap, a) ?? ''}</small>
        </button>
      ))}
    </div>
  );
}
