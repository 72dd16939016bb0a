// Captures the people on amazon pages as they appear, with badges; the work is in lib/capture.
import { amazon } from '@/lib/capture/sites/amazon';
import { startContentScript } from '@/lib/ext/content';

export default defineContentScript({
  matches: [...amazon.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    void startContentScript(amazon, ctx);
  },
});
