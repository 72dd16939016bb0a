// Captures the people on tiktok pages as they appear; the work is in lib/capture.
import { tiktok } from '@/lib/capture/sites/tiktok';
import { pageDeps, startLiveCapture } from '@/lib/capture/live';
import { send } from '@/lib/ext/messaging';

export default defineContentScript({
  matches: [...tiktok.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    startLiveCapture(pageDeps(tiktok, ctx, send));
  },
});
