import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The gateway serves the built files (Quinoa) and routes /api and /ws to the services, so in `vite dev` the
// same paths are proxied to a running gateway.
export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    target: 'es2020',
    reportCompressedSize: true,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/ws': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
