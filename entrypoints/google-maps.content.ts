// Captures the people on google-maps pages as they appear; the work is in lib/capture.
import { googleMaps } from '@/lib/capture/sites/google-maps';
import { pageDeps, startLiveCapture } from '@/lib/capture/live';
import { send } from '@/lib/ext/messaging';

export default defineContentScript({
  matches: [...googleMaps.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    startLiveCapture(pageDeps(googleMaps, ctx, send));
  },
});
