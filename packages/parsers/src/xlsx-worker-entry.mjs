// Where the XLSX worker thread starts (see xlsx-worker.ts, which does the reading).
//
// Plain JavaScript for the reason apps/cli/src/main.mjs is: Node's compile cache, which main.mjs turns
// on, does not reach a worker thread, and modules a worker loads before turning it on itself are
// stripped and compiled afresh on every start. Started from xlsx-worker.ts directly, the worker took
// ~250 ms before its first line ran; through this file, with the cache warm, ~115 ms.
import module from 'node:module';

module.enableCompileCache?.();
await import('./xlsx-worker.ts');
