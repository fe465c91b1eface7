import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real sshd per test file: user creation, key generation and 200 MB transfers take seconds on a
    // busy CI machine running other suites beside this one.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
