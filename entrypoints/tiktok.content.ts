// Captures the people on tiktok pages as they appear, with badges; the work is in lib/capture.
import { tiktok } from '@/lib/capture/sites/tiktok';
import { startContentScript } from '@/lib/ext/content';

export default defineContentScript({
  matches: [...tiktok.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    void startContentScript(tiktok, ctx);
  },
});
