import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real servers: initdb, key generation and sshd startup take seconds on a busy CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
