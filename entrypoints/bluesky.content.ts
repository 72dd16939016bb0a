// Captures the people on bluesky pages as they appear; the work is in lib/capture.
import { bluesky } from '@/lib/capture/sites/bluesky';
import { pageDeps, startLiveCapture } from '@/lib/capture/live';
import { send } from '@/lib/ext/messaging';

export default defineContentScript({
  matches: [...bluesky.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    startLiveCapture(pageDeps(bluesky, ctx, send));
  },
});
