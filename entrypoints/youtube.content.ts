// Captures the people on youtube pages as they appear; the work is in lib/capture.
import { youtube } from '@/lib/capture/sites/youtube';
import { pageDeps, startLiveCapture } from '@/lib/capture/live';
import { send } from '@/lib/ext/messaging';

export default defineContentScript({
  matches: [...youtube.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    startLiveCapture(pageDeps(youtube, ctx, send));
  },
});
