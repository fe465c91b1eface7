// Entry point of `roster` (`pnpm roster …` from the repository root).
//
// Plain JavaScript on purpose: Node caches compiled and type-stripped modules between runs, but only
// for modules loaded after the cache is on. A TypeScript entry would itself need stripping, which
// loads Node's TypeScript stripper (a WebAssembly module, ~18 MB of memory and ~0.1 s) on every start.
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
