// The fleet console's build: React, served by the platform under /console/ (dist/console).
// Chunks: the app, one per page (loaded when first opened) and the chart library (loaded by the
// overview's chart only).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    target: 'chrome120',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 800,
    // No inline scripts or module-preload polyfill: the CSP allows scripts from this origin only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
