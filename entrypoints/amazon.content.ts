// Captures the people on amazon pages as they appear; the work is in lib/capture.
import { amazon } from '@/lib/capture/sites/amazon';
import { pageDeps, startLiveCapture } from '@/lib/capture/live';
import { send } from '@/lib/ext/messaging';

export default defineContentScript({
  matches: [...amazon.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    startLiveCapture(pageDeps(amazon, ctx, send));
  },
});
