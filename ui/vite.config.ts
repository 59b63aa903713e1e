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
  css: {
    postcss: {
      plugins: [
        {
          // @fontsource lists a WOFF fallback after each WOFF2 font; the webview reads WOFF2,
          // so dropping the fallback halves the fonts shipped in dist/.
          postcssPlugin: 'visitdesk-woff2-only',
          Declaration: {
            src(decl) {
              decl.value = decl.value.replace(/,\s*url\([^)]*\.woff\)\s*format\(["']woff["']\)/g, '');
            },
          },
        },
      ],
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
  },
});
