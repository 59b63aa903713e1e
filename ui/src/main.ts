// The UI's own CJK font, so Chinese never falls back to tofu on a machine without one.
// Only the weights the styles use: 400 (text) and 700 (headings).
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './app.css';

import { mount } from 'svelte';
import App from './App.svelte';
import { tauriBackend } from './lib/backend/tauri';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

mount(App, { target, props: { backend: tauriBackend } });
