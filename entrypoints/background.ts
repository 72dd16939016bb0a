import { startBackground } from '@/lib/ext/background';

export default defineBackground({
  type: 'module',
  main() {
    startBackground();
  },
});
