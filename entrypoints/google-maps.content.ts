// Captures the people on google-maps pages as they appear, with badges; the work is in lib/capture.
import { googleMaps } from '@/lib/capture/sites/google-maps';
import { startContentScript } from '@/lib/ext/content';

export default defineContentScript({
  matches: [...googleMaps.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    void startContentScript(googleMaps, ctx);
  },
});
