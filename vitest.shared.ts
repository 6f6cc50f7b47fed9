/**
 * Shared vitest settings for every workspace. A workspace's `vitest.config.ts` calls
 * `defineUnitConfig()` and, when it has an integration tier, `vitest.integration.config.ts` calls
 * `defineIntegrationConfig()`.
 *
 * Unit tests sit beside the code (`src/**\/*.test.ts`) or under `test/unit/`, and workflow tests
 * (whole workflow paths run locally with the real phase code, no AWS) under `test/workflow/`; integration tests
 * live under `test/integration/` and run against a moto server that the global setup starts on a
 * free 127.0.0.1 port and always stops.
 *
 * Under CI (or with EKS_UPGRADE_REPORTS=1) each run also writes a JSON report to
 * `.reports/<workspace>-<tier>.json`, which `.ci/run` sums into one closing line.
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const repositoryRoot = path.dirname(fileURLToPath(import.meta.url));

function reporters(
  workspace: string,
  tier: string,
): Pick<NonNullable<ViteUserConfig['test']>, 'reporters' | 'outputFile'> {
  if (!process.env.CI && !process.env.EKS_UPGRADE_REPORTS) return { reporters: ['default'] };
  return {
    reporters: ['default', 'json'],
    outputFile: { json: path.join(repositoryRoot, '.reports', `${workspace}-${tier}.json`) },
  };
}

export interface UnitConfigOptions {
  /** Workspace folder name, used for the report file. */
  workspace: string;
  /** Coverage thresholds to enforce (lines, in percent). */
  coverageLines?: number;
  /** Files to leave out of coverage (relative to the workspace). */
  coverageExclude?: string[];
}

export function defineUnitConfig(options: UnitConfigOptions): ViteUserConfig {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/workflow/**/*.test.ts'],
      exclude: ['**/node_modules/**', '**/dist/**', 'test/integration/**'],
      environment: 'node',
      // CI runs every workspace's tests at once on two cores, and some tests start processes
      // (unzip, python, esbuild): a test is judged by what it asserts, never by the load.
      testTimeout: 60_000,
      ...reporters(options.workspace, 'unit'),
      coverage: {
        provider: 'v8',
        include: ['src/**/*.ts'],
        exclude: ['src/**/*.test.ts', 'src/**/__fixtures__/**', ...(options.coverageExclude ?? [])],
        reporter: ['text-summary', 'json-summary'],
        ...(options.coverageLines === undefined ? {} : { thresholds: { lines: options.coverageLines } }),
      },
      benchmark: { include: ['bench/**/*.bench.ts'] },
    },
  });
}

export interface IntegrationConfigOptions {
  workspace: string;
  /** Per-test timeout; moto calls are local but some flows poll. */
  testTimeoutMs?: number;
}

export function defineIntegrationConfig(options: IntegrationConfigOptions): ViteUserConfig {
  return defineConfig({
    test: {
      include: ['test/integration/**/*.test.ts'],
      environment: 'node',
      globalSetup: [path.join(repositoryRoot, 'packages/testing/src/moto-global-setup.ts')],
      // One moto server per workspace run; files share it and reset it, so they run one at a time.
      fileParallelism: false,
      testTimeout: options.testTimeoutMs ?? 30_000,
      hookTimeout: 60_000,
      ...reporters(options.workspace, 'integration'),
    },
  });
}
