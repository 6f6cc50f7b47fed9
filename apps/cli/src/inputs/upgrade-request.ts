import {
  EksClusterNameSchema,
  KubernetesVersionSchema,
  normalizeKubernetesVersion,
  parseOrThrow,
  TrafficRoutingSchema,
  TrafficShiftIntervalsSchema,
  toValidationIssues,
  type UpgradeRequest,
  UpgradeRequestSchema,
  type UpgradeStrategy,
  ValidationError,
} from '@eks-upgrade/core-models';
import type { z } from 'zod';
import { readJsonArgument } from './json-input.js';

/** Checks a cluster name given as `flag`, naming the flag in the error. */
export function parseClusterName(value: string, flag = '--cluster'): string {
  const result = EksClusterNameSchema.safeParse(value);
  if (!result.success) {
    throw new ValidationError('Invalid cluster name', [
      {
        path: flag,
        message: `${result.error.issues[0]?.message ?? 'is invalid'} (got ${JSON.stringify(value)})`,
      },
    ]);
  }
  return result.data;
}

/** Reads a Kubernetes version given as `flag` (`1.31`, `v1.31` and `1.31.2` are accepted), as `1.31`. */
export function parseVersion(value: string, flag: string): string {
  let normalized: string;
  try {
    normalized = normalizeKubernetesVersion(value, flag);
  } catch (error) {
    throw new ValidationError(
      'Invalid Kubernetes version',
      [{ path: flag, message: `must look like 1.31 (got ${JSON.stringify(value)})` }],
      { cause: error },
    );
  }
  return parseOrThrow(KubernetesVersionSchema, normalized, `Kubernetes version (${flag})`);
}

/** Reads `--traffic-intervals 10,50,100` as strictly increasing percentages ending at 100. */
export function parseTrafficIntervals(values: readonly string[], flag = '--traffic-intervals'): number[] {
  const numbers = values.map((value) => {
    const number = Number(value);
    if (!Number.isInteger(number)) {
      throw new ValidationError('Invalid traffic intervals', [
        { path: flag, message: `must be whole percentages (got ${JSON.stringify(value)})` },
      ]);
    }
    return number;
  });
  const result = TrafficShiftIntervalsSchema.safeParse(numbers);
  if (!result.success) {
    throw new ValidationError('Invalid traffic intervals', [
      { path: flag, message: `${result.error.issues[0]?.message ?? 'is invalid'} (got ${values.join(',')})` },
    ]);
  }
  return result.data;
}

/** The upgrade flags shared by `plan` and `start`. */
export interface UpgradeFlags {
  readonly cluster: string;
  readonly target: string;
  readonly strategy?: UpgradeStrategy | undefined;
  readonly 'green-cluster'?: string | undefined;
  readonly 'traffic-intervals': readonly string[];
  readonly 'traffic-routing'?: string | undefined;
  readonly alarm: readonly string[];
}

/**
 * Builds the `UpgradeRequest` the flags describe, every field checked before any AWS call.
 *
 * @example
 * ```ts
 * const request = upgradeRequestFromFlags(context.flags, config.upgrade.defaultStrategy);
 * ```
 */
export function upgradeRequestFromFlags(
  flags: UpgradeFlags,
  defaultStrategy: UpgradeStrategy,
  /** The parsed `--traffic-routing` value (see `readTrafficRouting`). */
  trafficRouting?: unknown,
): UpgradeRequest {
  const clusterName = parseClusterName(flags.cluster);
  const targetVersion = parseVersion(flags.target, '--target');
  const greenClusterName =
    flags['green-cluster'] === undefined
      ? undefined
      : parseClusterName(flags['green-cluster'], '--green-cluster');
  const intervals =
    flags['traffic-intervals'].length > 0 ? parseTrafficIntervals(flags['traffic-intervals']) : undefined;
  return parseOrThrow(
    UpgradeRequestSchema,
    {
      clusterName,
      targetVersion,
      strategy: flags.strategy ?? defaultStrategy,
      ...(greenClusterName ? { greenClusterName } : {}),
      ...(intervals ? { trafficShiftIntervals: intervals } : {}),
      ...(trafficRouting !== undefined ? { trafficRouting } : {}),
      ...(flags.alarm.length > 0 ? { alarmNames: [...new Set(flags.alarm)] } : {}),
    },
    'upgrade request',
  );
}

/**
 * Reads `--traffic-routing JSON|@FILE` (the Route 53 weighted records a blue/green upgrade
 * shifts); `undefined` without the flag. Unreadable or malformed JSON is a `ValidationError`
 * (exit 2); its fields are checked with the rest of the request by `upgradeRequestFromFlags`.
 *
 * @example
 * ```ts
 * const routing = await readTrafficRouting(flags, context.resolvePath);
 * const request = upgradeRequestFromFlags(flags, config.upgrade.defaultStrategy, routing);
 * ```
 */
export async function readTrafficRouting(
  flags: Pick<UpgradeFlags, 'traffic-routing'>,
  resolvePath: (file: string) => string,
): Promise<unknown> {
  const value = flags['traffic-routing'];
  if (value === undefined) return undefined;
  const routing = await readJsonArgument(value, '--traffic-routing', resolvePath);
  rejectUnknownKeys(TrafficRoutingSchema, routing, 'trafficRouting', '--traffic-routing');
  return routing;
}

/**
 * Throws a `ValidationError` naming the path of every key `schema` does not know (exit 2); the
 * values themselves are checked later with the rest of the request.
 */
function rejectUnknownKeys(schema: z.ZodType, input: unknown, basePath: string, flag: string): void {
  const result = schema.safeParse(input);
  if (result.success) return;
  const issues = result.error.issues.filter((issue) => issue.code === 'unrecognized_keys');
  if (issues.length === 0) return;
  throw new ValidationError(`Invalid ${flag}`, toValidationIssues({ issues } as z.ZodError, basePath), {
    cause: result.error,
  });
}
