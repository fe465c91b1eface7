// Entry point of `pnpm scheduler`: one scheduler replica. SIGTERM (or SIGINT) drains and exits 0.
//
// Plain JavaScript on purpose (see apps/cli/src/main.mjs): the compile cache is on before any
// TypeScript loads, so a warm start never loads Node's TypeScript stripper.
import module from 'node:module';

module.enableCompileCache?.();
await import('./replica-main.ts');
