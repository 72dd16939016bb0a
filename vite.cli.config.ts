import { defineConfig } from 'vite';

// Builds the `earshot` command line for Node 20 from the same lib/ the
// extension uses. Dependencies stay external and load from node_modules.
export default defineConfig({
  build: {
    // The command line, and the worker threads `earshot extract` starts (lib/cli/extract-pool.ts finds it beside it).
    ssr: true,
    outDir: 'dist/cli',
    target: 'node20',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { earshot: 'lib/cli/run.ts', 'extract-worker': 'lib/cli/extract-worker.ts' },
      // Chunks beside the entries, so a chunk finds the worker by its name.
      output: { entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
    },
  },
  ssr: { target: 'node' },
  logLevel: 'warn',
});
