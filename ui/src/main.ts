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
