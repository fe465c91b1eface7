/**
 * Where a tenant's file comes from: an SFTP server, or a local folder for development. The engine
 * asks for the file to take, has it copied to a private local path, and afterwards (once the changes
 * are committed) asks for it to be archived or deleted.
 */

/** A file found at the source. */
export interface SourceFile {
  /** The file's name (no folder). */
  readonly name: string;
  /** Where it is at the source, for messages and for archiving. */
  readonly path: string;
  readonly size: number;
  readonly modifiedAt: Date;
}

export type AfterSyncAction = 'keep' | 'archive' | 'delete';

export interface FileSource extends AsyncDisposable {
  /**
   * The file a run would take: the newest match of the tenant's name or glob. Undefined when nothing
   * matches. Throws FILE_STILL_UPLOADING (transient) when the newest match is younger than the
   * minimum age, and FILE_TOO_LARGE when it exceeds the size limit.
   */
  pick(): Promise<SourceFile | undefined>;
  /** Every entry of the folder, for `test-connection`. */
  list(): Promise<readonly SourceFile[]>;
  /**
   * Copies the file to `localPath` (a private file the engine owns) and checks the copy is complete.
   * Throws TRANSFER_FAILED (transient) when the copy breaks or comes out short.
   */
  download(file: SourceFile, localPath: string, signal?: AbortSignal): Promise<void>;
  /** Archives or deletes the file once its changes are committed. */
  afterSync(file: SourceFile, action: Exclude<AfterSyncAction, 'keep'>): Promise<void>;
  /** Closes the connection; safe to call twice and never hangs. */
  close(): Promise<void>;
}
