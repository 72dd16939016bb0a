// The generic extractor for a module's content script that found nobody: the service worker
// injects this file (content-scripts/generic-fallback.js) into that frame on the script's
// request, and it leaves the extractor on the content scripts' shared global
// (lib/capture/fallback-slot.ts). Kept out of the module's own script for its size.
// No `matches`: it runs only where injected.
import { generic } from '@/lib/capture/sites/generic';
import { offerFallback } from '@/lib/capture/fallback-slot';

export default defineContentScript({
  registration: 'runtime',
  noScriptStartedPostMessage: true,
  main(): void {
    offerFallback(generic);
  },
});
