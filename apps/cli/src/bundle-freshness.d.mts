/** What `scripts/bundle-cli.ts` writes next to the bundle: the entry and `[path, size, mtimeMs]` per input. */
export interface BundleManifest {
  readonly entry: string;
  /** The bundle's folder when it was built, ending in a separator (its chunks import by absolute path). */
  readonly builtIn: string;
  readonly inputs: readonly (readonly [file: string, size: number, mtimeMs: number])[];
}

export declare const BUNDLE_ENTRY: string;
export declare const BUNDLE_MANIFEST: string;

/** The bundle's entry in `distDir`, or undefined when it is missing, stale or ROSTER_FROM_SOURCE=1. */
export declare function freshBundle(distDir: URL): URL | undefined;
