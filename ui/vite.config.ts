import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

// https://vite.dev/config/ — the build goes to dist/, which the Tauri shell embeds
// (src-tauri/tauri.conf.json: frontendDist "../ui/dist").
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  build: {
    // The app's CSP allows no data: URLs, so every asset stays a file.
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
  },
});
