// Entry point of `roster` (`pnpm roster …` from the repository root).
import { main } from './cli.ts';

process.exitCode = await main(process.argv.slice(2));
