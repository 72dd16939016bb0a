// The one place zod is imported from in code that runs in extension pages,
// the service worker and Node. `jitless` keeps zod from compiling validators
// with `new Function`, which the extension's CSP forbids.
import { z } from 'zod';

z.config({ jitless: true });

export { z };

/** zod issues in one line a person can read: "page.profiles.3.followers: expected number". */
export function describeIssues(error: z.ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > limit ? ` (and ${error.issues.length - limit} more)` : '';
  return parts.join('; ') + more;
}
