import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createHttpLaneApi, subscribeLive } from './api/lane-api-http.js';
import { readUiSettings } from './settings.js';

const settings = readUiSettings(window.location);
const api = createHttpLaneApi({ baseUrl: settings.apiBase, laneCode: settings.laneCode });
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App
      api={api}
      subscribe={(onEvent, onReachable) => subscribeLive(settings.apiBase, onEvent, onReachable)}
      laneCode={settings.laneCode}
      initialLocale={settings.locale}
      statusPollMs={settings.statusPollMs}
      {...(settings.scanTiming ? { scanTiming: settings.scanTiming } : {})}
    />
  </StrictMode>,
);
