import { startWorker } from './worker';

export default defineBackground({
  type: 'module',
  main() {
    // The worker lives until Chrome stops it; the controller scopes every listener and timer.
    const lifetime = new AbortController();
    startWorker(lifetime.signal);
  },
});
