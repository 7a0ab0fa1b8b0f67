import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Vite configuration of the web app: root is web/, output web/dist (served by the API server).
 * Routes are split with React.lazy; the vendor groups below keep antd, echarts and exceljs in
 * chunks of their own so the login page loads only what it needs.
 */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api': process.env.ONETHING_API ?? 'http://127.0.0.1:3000',
    },
  },
});
