import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The gateway serves the built files (Quinoa) and routes /api and /ws to the services, so in `vite dev` the
// same paths are proxied to a running gateway.
export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    // top-level await (the bare player page waits for its token); every browser a participant uses has it
    target: 'es2022',
    reportCompressedSize: true,
    // LiveKit's client (≈140 KB gzipped) is its own chunk, loaded only in a state with a call
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // the participant app, and the bare synced player the browser sync test drives; both use one sync client
      input: { main: 'index.html', player: 'sync/player.html' },
    },
  },
  // component tests (Vitest) mount the components in jsdom, with Svelte's browser build
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.js'],
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/ws': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
