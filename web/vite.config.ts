import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API in development (npm start): Vite's dev server forwards everything that is not the console.
const API = process.env.JIUZHU_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/v1': API, '/dev': API, '/docs': API, '/console-config': API } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The budget is checked by test/console-bundle.test.ts; vite's own warning stays at its default.
    rolldownOptions: {
      output: {
        // Libraries in their own long-cached chunks; each page is split off by React.lazy.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
          ],
        },
      },
    },
  },
});
