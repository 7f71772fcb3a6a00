// Source-mode worker entry (tests, `npm run cli`): registers tsx in this thread, then loads the TypeScript
// worker named in workerData. Built apps load out/main/training.worker.js directly and never use this.
require('tsx/cjs');
require(require('node:worker_threads').workerData.entry);
