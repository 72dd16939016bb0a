// Captures the people on instagram pages as they appear, with badges; the work is in lib/capture.
import { instagram } from '@/lib/capture/sites/instagram';
import { startContentScript } from '@/lib/ext/content';

export default defineContentScript({
  matches: [...instagram.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    void startContentScript(instagram, ctx);
  },
});
