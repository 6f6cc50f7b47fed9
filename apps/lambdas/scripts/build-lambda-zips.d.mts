/** Types of build-lambda-zips.mjs, for the tests and benchmarks that import it. */
export declare const PHASES: readonly ['perception', 'reasoning', 'execution', 'validation', 'rollback'];
export interface ZipSize {
  zipBytes: number;
  bundleBytes: number;
  mapBytes: number;
  zipPath: string;
}
export declare function bundleHandler(phase: string): Promise<Record<string, Uint8Array>>;
export declare function buildLambdaZips(outDir?: string): Promise<Record<string, ZipSize>>;
