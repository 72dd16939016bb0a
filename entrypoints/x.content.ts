// Captures the people on x pages as they appear, with badges; the work is in lib/capture.
import { x } from '@/lib/capture/sites/x';
import { startContentScript } from '@/lib/ext/content';

export default defineContentScript({
  matches: [...x.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    void startContentScript(x, ctx);
  },
});
