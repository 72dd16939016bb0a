// Captures the people on bluesky pages as they appear, with badges; the work is in lib/capture.
import { bluesky } from '@/lib/capture/sites/bluesky';
import { startContentScript } from '@/lib/ext/content';

export default defineContentScript({
  matches: [...bluesky.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    void startContentScript(bluesky, ctx);
  },
});
