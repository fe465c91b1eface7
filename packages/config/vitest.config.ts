import { defineConfig } from 'vitest/config';

// Some tests check fast paths against their definitions over every code point or thousands of
// values: seconds on a busy two-core CI machine, past vitest's 5 s default (seen: 5.4 s).
export default defineConfig({ test: { testTimeout: 60_000 } });
