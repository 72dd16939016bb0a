// Captures the people on trustpilot pages as they appear; the work is in lib/capture.
import { trustpilot } from '@/lib/capture/sites/trustpilot';
import { pageDeps, startLiveCapture } from '@/lib/capture/live';
import { send } from '@/lib/ext/messaging';

export default defineContentScript({
  matches: [...trustpilot.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    startLiveCapture(pageDeps(trustpilot, ctx, send));
  },
});
