/**
 * Failures of the test kit itself: a server that cannot start on this machine, a missing binary, an
 * incomplete environment override. Each has a stable code and a message that ends with what to do,
 * so a failing CI log tells the reader how to fix the machine rather than the test.
 */

export const TESTKIT_ERROR_CODES = [
  'BINARY_MISSING', // sshd, postgres, psql, ssh-keygen… not installed
  'NOT_ROOT', // native sshd needs root to create its users and chroot them
  'START_FAILED', // the server process exited or never became ready
  'PORT_IN_USE', // the free port was taken before the server bound it: retried
  'COMMAND_FAILED', // a helper command (useradd, initdb, psql…) exited non-zero
  'ENV_INCOMPLETE', // an external-server override is missing variables
  'INVALID_OPTION',
] as const;

export type TestkitErrorCode = (typeof TESTKIT_ERROR_CODES)[number];

export class TestkitError extends Error {
  readonly code: TestkitErrorCode;

  constructor(code: TestkitErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TestkitError';
    this.code = code;
  }
}
