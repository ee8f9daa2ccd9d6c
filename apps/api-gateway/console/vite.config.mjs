// The admin console (issue 17): built by `npm run build` into dist/console, which the gateway
// serves at /console. Preact's JSX through Vite's own transformer: no Babel, no plugin.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/console/',
  // Never a network fetch at run time: everything is bundled into dist/console.
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../../../dist/console'),
    emptyOutDir: true,
    // The preload polyfill would be an inline script, which the console's CSP refuses.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
