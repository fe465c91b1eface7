// The slice of ssh2-sftp-client 12 that Roster uses (the package ships no types; @types covers v9).
declare module 'ssh2-sftp-client' {
  import type { Socket } from 'node:net';

  export interface FileInfo {
    type: string;
    name: string;
    size: number;
    modifyTime: number;
  }

  export interface ConnectOptions {
    sock?: Socket;
    host?: string;
    port?: number;
    username: string;
    password?: string;
    privateKey?: string | Buffer;
    passphrase?: string;
    readyTimeout?: number;
    keepaliveInterval?: number;
    keepaliveCountMax?: number;
    hostVerifier?: (key: Buffer) => boolean;
    algorithms?: Record<string, string[]>;
  }

  export default class SftpClient {
    constructor(name?: string);
    client: { destroy(): void; end(): void };
    connect(options: ConnectOptions): Promise<unknown>;
    list(remotePath: string): Promise<FileInfo[]>;
    stat(remotePath: string): Promise<{ size: number; modifyTime: number; isFile: boolean }>;
    fastGet(remotePath: string, localPath: string, options?: { concurrency?: number; chunkSize?: number }): Promise<string>;
    get(remotePath: string, dst: string): Promise<unknown>;
    mkdir(remotePath: string, recursive?: boolean): Promise<string>;
    rename(from: string, to: string): Promise<string>;
    delete(remotePath: string, notFoundOK?: boolean): Promise<string>;
    exists(remotePath: string): Promise<false | 'd' | '-' | 'l'>;
    end(): Promise<boolean>;
    on(event: string, listener: (...args: unknown[]) => void): void;
  }
}
