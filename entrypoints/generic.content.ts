// Capture on demand on any other site: the service worker injects this file
// (content-scripts/generic.js) with scripting.executeScript when the user asks
// from the popup, and receives the captured page as the script's result.
// No `matches`: a runtime script with matches would add host permissions.
import { generic } from '@/lib/capture/sites/generic';
import { ON_DEMAND_BUDGET_MS } from '@/lib/capture/generic/budget';
import { extractWith } from '@/lib/capture/extract';
import type { CapturedPage } from '@/lib/model/capture';

export default defineContentScript({
  registration: 'runtime',
  noScriptStartedPostMessage: true,
  main(): CapturedPage {
    return extractWith(generic, document, location.href, { budgetMs: ON_DEMAND_BUDGET_MS }).page;
  },
});
