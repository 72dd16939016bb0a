// Captures the people on trustpilot pages as they appear, with badges; the work is in lib/capture.
import { trustpilot } from '@/lib/capture/sites/trustpilot';
import { startContentScript } from '@/lib/ext/content';

export default defineContentScript({
  matches: [...trustpilot.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    void startContentScript(trustpilot, ctx);
  },
});
