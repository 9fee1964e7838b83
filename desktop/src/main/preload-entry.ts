import { installPreload, type PreloadElectron } from './preload.js';

// Bundled to CommonJS (dist/preload.cjs), where `require` is the sandboxed preload's own loader;
// a plain require keeps the optional electron package out of type-checking and of the bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: CJS preload
installPreload(require('electron') as PreloadElectron);
