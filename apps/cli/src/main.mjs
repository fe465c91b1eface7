// Entry point of `roster` (`pnpm roster …` from the repository root).
//
// Plain JavaScript on purpose: Node caches compiled and type-stripped modules between runs, but only
// for modules loaded after the cache is on. A TypeScript entry would itself need stripping, which
// loads Node's TypeScript stripper (a WebAssembly module, ~18 MB of memory and ~0.1 s) on every start.
//
// It starts from the bundle in ../dist when that is fresh (~0.2 s less start-up, see
// scripts/bundle-cli.ts), else from the sources; ROSTER_FROM_SOURCE=1 forces the sources.
import module from 'node:module';
import { freshBundle } from './bundle-freshness.mjs';

module.enableCompileCache?.();
// A reader that stops early (`roster check acme --json | head`) closes the pipe: the rest of the output
// has nowhere to go, which is no error of Roster's and no reason for a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const bundle = freshBundle(new URL('../dist/', import.meta.url));
const { main } = await import(bundle?.href ?? './cli.ts');
process.exitCode = await main(process.argv.slice(2));
