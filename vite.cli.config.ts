import { defineConfig } from 'vite';

// Builds the `earshot` command line for Node 20 from the same lib/ the
// extension uses. Dependencies stay external and load from node_modules.
export default defineConfig({
  build: {
    ssr: 'lib/cli/run.ts',
    outDir: 'dist/cli',
    target: 'node20',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: { output: { entryFileNames: 'earshot.mjs' } },
  },
  ssr: { target: 'node' },
  logLevel: 'warn',
});
