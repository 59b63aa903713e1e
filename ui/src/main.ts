// The UI's own CJK font, so Chinese never falls back to tofu on a machine without one.
// Only the weights the styles use: 400 (text) and 700 (headings).
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './app.css';

import { mount } from 'svelte';
import App from './App.svelte';
import { locale, setLocale } from './i18n/index.svelte';
import { tauriBackend } from './lib/backend/tauri';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
setLocale(locale());

if ('__TAURI_INTERNALS__' in window) {
  mount(App, { target, props: { backend: tauriBackend } });
} else {
  // DEV PREVIEW ONLY: in a plain browser (`npm run dev`, `vite preview`) there is no Rust side,
  // so the UI runs on the in-memory fake backend with demo data. Loaded on demand: the desktop
  // app never fetches this chunk.
  void import('./preview').then(({ startPreview }) => startPreview(target));
}
