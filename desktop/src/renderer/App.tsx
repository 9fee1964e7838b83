import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { CartView, LaneApi, LiveEvent, SaleDone, SessionView } from './api/lane-api.js';
import { StatusBar } from './components/StatusBar.js';
import { VipBanner } from './components/VipBanner.js';
import { I18nContext } from './i18n/use-i18n.js';
import { otherLocale, translator, type Locale } from './i18n/i18n.js';
import { ManagerScreen } from './screens/ManagerScreen.js';
import { LoginScreen } from './screens/LoginScreen.js';
import { ReturnScreen } from './screens/ReturnScreen.js';
import { SellScreen } from './screens/SellScreen.js';
import { ShiftScreen } from './screens/ShiftScreen.js';
import { SaleDoneScreen, TenderScreen } from './screens/TenderScreen.js';
import { DEFAULT_KEYMAP, type Keymap } from './state/keymap.js';
import { initialStatus, printerDevice, statusReducer } from './state/status.js';

type Screen = 'sell' | 'tender' | 'done' | 'manager' | 'shift' | 'return';

export interface AppProps {
  api: LaneApi;
  /** Subscribes to live events; returns an unsubscribe function. */
  subscribe(onEvent: (e: LiveEvent) => void, onReachable: (r: boolean) => void): () => void;
  laneCode: string;
  keymap?: Keymap;
  initialLocale?: Locale;
  scanTiming?: { maxGapMs?: number; minLength?: number };
  statusPollMs?: number;
}

export function App(props: AppProps) {
  const { api } = props;
  const [locale, setLocale] = useState<Locale>(props.initialLocale ?? 'zh-CN');
  const i18n = useMemo(() => translator(locale), [locale]);
  const keymap = props.keymap ?? DEFAULT_KEYMAP;
  const [session, setSession] = useState<SessionView | null>(null);
  const [cart, setCart] = useState<CartView | null>(null);
  const [screen, setScreen] = useState<Screen>('sell');
  const [done, setDone] = useState<SaleDone | null>(null);
  const [status, dispatchStatus] = useReducer(statusReducer, initialStatus);
  const [now, setNow] = useState(() => Date.now());
  const [needShift, setNeedShift] = useState<string | null>(null);
  const [returnOf, setReturnOf] = useState('');
  const laneRef = useRef(props.laneCode);
  laneRef.current = session?.laneCode ?? props.laneCode;

  useEffect(() => {
    const t = setInterval(() => {
      const n = Date.now();
      setNow(n);
      dispatchStatus({ type: 'tick', now: n });
    }, 1000);
    return () => clearInterval(t);
  }, []);

  useEffect(
    () =>
      props.subscribe(
        (e) => {
          if (e.type === 'sync') dispatchStatus({ type: 'sync', status: e.status });
          else if (e.type === 'device') dispatchStatus({ type: 'device', device: e.device });
          else if (e.type === 'vip') dispatchStatus({ type: 'vipArrived', arrival: e.arrival });
          else if (e.type === 'cart' && e.lane === laneRef.current && e.cart) setCart(e.cart);
        },
        (reachable) => dispatchStatus({ type: 'agentReachable', reachable }),
      ),
    // The subscription lives as long as the app.
    [],
  );

  const refreshStatus = useCallback(async () => {
    try {
      const [printer, sync] = await Promise.all([api.printerStatus(), api.syncStatus()]);
      dispatchStatus({ type: 'agentReachable', reachable: true });
      // An edge-agent without replication configured has no sync route: the strip says unknown.
      if (sync.ok) dispatchStatus({ type: 'sync', status: sync.value });
      if (printer.ok && printer.value.state !== 'none') {
        dispatchStatus({ type: 'device', device: printerDevice(printer.value) });
      }
    } catch {
      dispatchStatus({ type: 'agentReachable', reachable: false });
    }
  }, [api]);

  useEffect(() => {
    if (!session) return;
    void refreshStatus();
    const t = setInterval(() => void refreshStatus(), props.statusPollMs ?? 5000);
    return () => clearInterval(t);
  }, [session, refreshStatus, props.statusPollMs]);

  const loadCart = useCallback(async () => {
    try {
      const r = await api.cart();
      if (r.ok) {
        setCart(r.value);
        setNeedShift(null);
      } else {
        // No cart without an open shift on this lane: the shift screen opens one.
        setNeedShift(r.message);
      }
    } catch (e) {
      setNeedShift((e as Error).message);
    }
  }, [api]);

  useEffect(() => {
    if (session) void loadCart();
  }, [session, loadCart]);

  function onSellAction(a: 'pay' | 'shift' | 'manager' | 'language') {
    if (a === 'pay') setScreen('tender');
    else if (a === 'manager') setScreen('manager');
    else if (a === 'shift') setScreen('shift');
    else setLocale(otherLocale(locale));
  }

  let body;
  if (!session) {
    body = <LoginScreen api={api} onLoggedIn={setSession} />;
  } else if (needShift !== null || screen === 'shift') {
    body = (
      <ShiftScreen
        api={api}
        shiftOpen={needShift === null}
        reason={needShift}
        onClosed={() => {
          setScreen('sell');
          setCart(null);
          setNeedShift(i18n.t('shift.closed'));
        }}
        onDone={() => {
          setScreen('sell');
          void loadCart();
        }}
      />
    );
  } else if (screen === 'tender' && cart) {
    body = (
      <TenderScreen
        api={api}
        keymap={keymap}
        cart={cart}
        onCart={setCart}
        onBack={() => {
          setScreen('sell');
          void api.backToBasket().then(
            (r) => r.ok && setCart(r.value),
            () => undefined,
          );
        }}
        onDone={(d) => {
          setDone(d);
          setScreen('done');
        }}
      />
    );
  } else if (screen === 'done' && done) {
    body = (
      <SaleDoneScreen
        done={done}
        onNext={() => {
          setScreen('sell');
          void loadCart();
        }}
      />
    );
  } else if (screen === 'return') {
    body = (
      <ReturnScreen
        api={api}
        initialReceiptNo={returnOf}
        onDone={() => {
          setScreen('sell');
          void loadCart();
        }}
      />
    );
  } else if (screen === 'manager') {
    body = <ManagerScreen api={api} onBack={() => setScreen('sell')} />;
  } else {
    body = (
      <SellScreen
        api={api}
        keymap={keymap}
        cart={cart}
        onCart={setCart}
        onAction={onSellAction}
        onReturn={(no) => {
          setReturnOf(no);
          setScreen('return');
        }}
        lastReceiptNo={done?.receiptNo ?? null}
        {...(props.scanTiming ? { scanTiming: props.scanTiming } : {})}
      />
    );
  }

  return (
    <I18nContext.Provider value={i18n}>
      <div className="app" lang={locale}>
        <StatusBar
          status={status}
          laneCode={session?.laneCode ?? props.laneCode}
          cashierName={session?.staff.name ?? null}
          now={now}
        />
        <VipBanner
          arrivals={status.vip}
          onDismiss={(memberId) => dispatchStatus({ type: 'vipDismissed', memberId })}
        />
        {body}
      </div>
    </I18nContext.Provider>
  );
}
