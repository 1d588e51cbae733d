import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Dev server: /app and /app/* (owner app routes) serve app.html, like the production server does. */
function ownerAppFallback(): Plugin {
  return {
    name: 'owner-app-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '';
        const path = url.split('?')[0];
        if ((path === '/app' || path.startsWith('/app/')) && !path.includes('.')) req.url = '/app.html';
        next();
      });
    },
  };
}

/** Two entries: index.html → staff console, app.html → owner app (served at /app/*). */
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), ownerAppFallback()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      input: { index: path.join(root, 'index.html'), app: path.join(root, 'app.html') },
    },
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: { '/api': { target: process.env.API_TARGET ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
