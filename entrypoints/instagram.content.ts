// Captures the people on instagram pages as they appear; the work is in lib/capture.
import { instagram } from '@/lib/capture/sites/instagram';
import { pageDeps, startLiveCapture } from '@/lib/capture/live';
import { send } from '@/lib/ext/messaging';

export default defineContentScript({
  matches: [...instagram.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    startLiveCapture(pageDeps(instagram, ctx, send));
  },
});
