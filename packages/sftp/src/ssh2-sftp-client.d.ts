// The slice of ssh2-sftp-client 12 that Roster uses (the package ships no types; @types covers v9).
declare module 'ssh2-sftp-client' {
  import type { Socket } from 'node:net';

  export interface FileInfo {
    /** The first letter of `ls -l`'s mode column: `-` file, `d` folder, `l` link. */
    type: string;
    name: string;
    size: number;
    /** Milliseconds since the epoch (the server sends whole seconds). */
    modifyTime: number;
  }

  export interface KeyboardPrompt {
    prompt: string;
    echo: boolean;
  }

  export interface ConnectOptions {
    sock?: Socket;
    host?: string;
    port?: number;
    username: string;
    password?: string;
    privateKey?: string | Buffer;
    passphrase?: string;
    /** Also try keyboard-interactive; the prompts arrive as a `keyboard-interactive` event. */
    tryKeyboard?: boolean;
    readyTimeout?: number;
    keepaliveInterval?: number;
    keepaliveCountMax?: number;
    hostVerifier?: (key: Buffer) => boolean;
    algorithms?: Record<string, string[]>;
  }

  /** Called for events no pending call handles; the defaults print to stdout and stderr. */
  export interface EventCallbacks {
    error: (error: Error) => void;
    end: () => void;
    close: () => void;
  }

  export interface FastGetOptions {
    concurrency?: number;
    chunkSize?: number;
    /** The local file's mode, set with fchmod once it is open. */
    mode?: number;
    /** Called as chunks arrive, with the bytes transferred so far. */
    step?: (transferred: number, chunk: number, total: number) => void;
  }

  export interface GetOptions {
    writeStreamOptions?: { mode?: number; flags?: string };
  }

  export default class SftpClient {
    constructor(name?: string, callbacks?: EventCallbacks);
    /** The ssh2 `Client` underneath. */
    client: { destroy(): void; end(): void };
    connect(options: ConnectOptions): Promise<unknown>;
    list(remotePath: string): Promise<FileInfo[]>;
    stat(remotePath: string): Promise<{ size: number; modifyTime: number; isFile: boolean }>;
    fastGet(remotePath: string, localPath: string, options?: FastGetOptions): Promise<string>;
    get(remotePath: string, dst: string, options?: GetOptions): Promise<unknown>;
    mkdir(remotePath: string, recursive?: boolean): Promise<string>;
    rename(from: string, to: string): Promise<string>;
    delete(remotePath: string, notFoundOK?: boolean): Promise<string>;
    exists(remotePath: string): Promise<false | 'd' | '-' | 'l'>;
    end(): Promise<boolean>;
    on(
      event: 'keyboard-interactive',
      listener: (
        name: string,
        instructions: string,
        lang: string,
        prompts: KeyboardPrompt[],
        finish: (answers: string[]) => void,
      ) => void,
    ): void;
    on(event: 'error' | 'end' | 'close', listener: (...args: unknown[]) => void): void;
  }
}
