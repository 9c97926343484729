import path from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The web app (web/) builds into dist/web, which the Functions app serves at `/` (functions/http/web.ts).
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'web'),
  base: '/',
  plugins: [preact()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Modern browsers only: no polyfill; the CSP forbids inline scripts, and Vite emits none.
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: false,
  },
});
