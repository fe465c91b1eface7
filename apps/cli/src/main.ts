// Entry point of `roster` (`pnpm roster …` from the repository root).
import module from 'node:module';

// Node caches compiled (and type-stripped) modules between runs: a second start is much faster.
module.enableCompileCache?.();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
