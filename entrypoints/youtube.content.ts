// Captures the people on youtube pages as they appear, with badges; the work is in lib/capture.
import { youtube } from '@/lib/capture/sites/youtube';
import { startContentScript } from '@/lib/ext/content';

export default defineContentScript({
  matches: [...youtube.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    void startContentScript(youtube, ctx);
  },
});
