// The shipped build's attack surface, checked on the files a user installs:
// the smallest permissions that work, a strict CSP, no remote code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

const SHIPPED = ['.output/chrome-mv3', '.output/firefox-mv3'];

/** Every content script a page loads or is injected with, gzipped (issue 14's budget). */
const CONTENT_SCRIPT_BUDGET_BYTES = 30 * 1024;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

for (const dir of SHIPPED) {
  test(`${dir}: permissions, CSP and no remote code`, () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown> & {
      permissions: string[];
      optional_host_permissions?: string[];
      host_permissions?: string[];
      content_security_policy?: { extension_pages: string };
      content_scripts: { matches: string[]; js?: string[] }[];
      externally_connectable?: unknown;
      web_accessible_resources?: unknown;
    };
    // No standing access to any site beyond the content scripts' known review and social sites (the same
    // patterns: there the service worker injects the generic extractor when a module finds nobody).
    const contentHosts = [...new Set(manifest.content_scripts.flatMap((script) => script.matches))].sort();
    expect([...(manifest.host_permissions ?? [])].sort()).toEqual(contentHosts);
    expect(manifest.permissions.filter((p) => p !== 'sidePanel').sort()).toEqual(['activeTab', 'alarms', 'scripting', 'storage', 'unlimitedStorage']);
    expect(manifest.permissions).not.toContain('tabs');
    expect(manifest.permissions).not.toContain('<all_urls>');
    // CRM hosts only when the user connects one.
    expect(manifest.optional_host_permissions ?? (manifest as { optional_permissions?: string[] }).optional_permissions).toContain('https://api.hubapi.com/*');
    for (const script of manifest.content_scripts) {
      for (const pattern of script.matches) expect(pattern).not.toMatch(/<all_urls>|^\*:\/\/\*\/|^https?:\/\/\*\//);
    }
    // The generic extractor never runs by itself: only "Capture this page" injects it, and the service
    // worker injects it as a module's fallback. It is in the build, but in no content_scripts entry.
    expect(files(dir).some((f) => f.endsWith(join('content-scripts', 'generic.js')))).toBe(true);
    expect(manifest.content_scripts.flatMap((script) => script.js ?? []).filter((js) => /generic/.test(js))).toEqual([]);

    // Every content script stays small: a module's script loads the generic extractor only when it needs it.
    const scripts = files(join(dir, 'content-scripts')).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(8);
    for (const script of scripts) {
      const gzipped = gzipSync(readFileSync(script), { level: 9 }).length;
      expect(gzipped, `${script}: ${(gzipped / 1024).toFixed(1)} KB gzipped`).toBeLessThan(CONTENT_SCRIPT_BUDGET_BYTES);
    }
    // Web pages and other extensions cannot talk to Earshot or load its files.
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.web_accessible_resources).toBeUndefined();

    const csp = manifest.content_security_policy?.extension_pages ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|https?:\/\/[^ ;]*\s*;?\s*script/);

    // No code is fetched from anywhere: no remote scripts in pages, no importScripts or import() of a URL.
    for (const file of files(dir)) {
      const text = readFileSync(file, 'utf8');
      if (file.endsWith('.html')) expect(text, file).not.toMatch(/<script[^>]+src=["']?(https?:)?\/\//i);
      if (file.endsWith('.js')) {
        expect(text, file).not.toMatch(/importScripts\(|import\(\s*["'`]https?:/);
        expect(text, file).not.toMatch(/\beval\(/);
      }
    }
  });
}
