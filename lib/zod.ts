// The one place zod is imported from in code that runs in extension pages,
// the service worker and Node. `jitless` keeps zod from compiling validators
// with `new Function`, which the extension's CSP forbids.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
