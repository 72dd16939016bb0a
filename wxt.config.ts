import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { CRM_HOST_PERMISSIONS } from './lib/crm/hosts';
import { safeDependencies } from './vite-safe-dependencies';
import { SITES } from './lib/capture/registry';

/** Where test/e2e/generic-capture.spec.ts serves its saved pages (the test build only). */
const E2E_CAPTURE_HOSTS = ['https://forums.somethingawful.com/*', 'https://www.dealerrater.com/*'];

/**
 * The sites with a module, the same patterns as their content scripts (so no wider access and no
 * new install warning): the service worker may inject the generic extractor there when a module
 * finds nobody (lib/capture/fallback-slot.ts). A content script's matches alone do not allow that.
 */
const MODULE_HOSTS = [...new Set(SITES.flatMap((site) => site.matches))];

// The extension's whole build and manifest. Content-script `matches` come from
// each site's entrypoint; everything here is what is not per-entrypoint.
export default defineConfig({
  // A separate output folder lets a benchmark or a second build run beside `npm run build`.
  outDir: process.env.EARSHOT_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  vite: () => ({
    plugins: [safeDependencies(), preact()],
    build: { target: 'es2022' },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // activeTab + scripting: capture on sites nobody wrote a module for, only
    // when the user asks from the popup. alarms: retention and the sync outbox
    // wake-ups survive service-worker restarts. unlimitedStorage: a CRM of a
    // million customers does not fit the default IndexedDB quota.
    permissions: [
      'storage',
      'unlimitedStorage',
      'alarms',
      'activeTab',
      'scripting',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // CRM hosts are asked for when the user connects a CRM, never at install.
    optional_host_permissions: [...CRM_HOST_PERMISSIONS],
    // The module sites (MODULE_HOSTS); for end-to-end tests also: headless Chromium cannot answer a permission prompt, so the
    // test build holds the stand-in CRM's origin from the start (docs/crm-sync.md). Nor can it
    // click the toolbar button that grants activeTab: it holds the two addresses the on-demand
    // capture test serves saved pages at (test/e2e/generic-capture.spec.ts) instead.
    host_permissions: [...MODULE_HOSTS, ...(process.env.EARSHOT_E2E_CRM === '1' ? ['http://127.0.0.1/*', ...E2E_CAPTURE_HOSTS] : [])],
    content_security_policy: {
      extension_pages:
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; " +
        "form-action 'none'; frame-ancestors 'none'; img-src 'self' data:; style-src 'self'; " +
        "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
    },
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'earshot@earshot.app',
              // data_collection_permissions exists from Firefox 140 (desktop) and 142 (Android).
              strict_min_version: '140.0',
              // Earshot sends nothing anywhere unless the user connects a CRM;
              // what it then sends is the user's own customer data.
              data_collection_permissions: { required: ['none'] as ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
