// Captures the people on x pages as they appear; the work is in lib/capture.
import { x } from '@/lib/capture/sites/x';
import { pageDeps, startLiveCapture } from '@/lib/capture/live';
import { send } from '@/lib/ext/messaging';

export default defineContentScript({
  matches: [...x.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    startLiveCapture(pageDeps(x, ctx, send));
  },
});
