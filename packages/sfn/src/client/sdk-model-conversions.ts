import type {
  DescribeExecutionOutput,
  ExecutionListItem,
  MapRunListItem,
  LoggingConfiguration as SdkLoggingConfiguration,
} from '@aws-sdk/client-sfn';
import { jsonEqual } from '@eks-upgrade/core-models';
import type {
  ExecutionResult,
  ExecutionStatus,
  ExecutionSummary,
  LoggingConfiguration,
} from '../models/state-machine.js';
import type { MapRunSummary } from './execution-reads.js';

// The SDK's shapes to this package's models and back: logging configuration, executions and Map Runs.

export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function toSdkLogging(logging: LoggingConfiguration | undefined): SdkLoggingConfiguration | undefined {
  if (!logging) return undefined;
  return {
    level: logging.level,
    includeExecutionData: logging.includeExecutionData,
    destinations: logging.logGroupArns.map((logGroupArn) => ({ cloudWatchLogsLogGroup: { logGroupArn } })),
  };
}

export function fromSdkLogging(
  logging: SdkLoggingConfiguration | undefined,
): LoggingConfiguration | undefined {
  if (!logging) return undefined;
  return {
    level: logging.level ?? 'OFF',
    includeExecutionData: logging.includeExecutionData ?? false,
    logGroupArns: (logging.destinations ?? [])
      .map((destination) => destination.cloudWatchLogsLogGroup?.logGroupArn)
      .filter((arn): arn is string => typeof arn === 'string'),
  };
}

export function loggingEqual(
  desired: LoggingConfiguration | undefined,
  actual: LoggingConfiguration | undefined,
) {
  const off: LoggingConfiguration = { level: 'OFF', includeExecutionData: false, logGroupArns: [] };
  return jsonEqual(desired ?? off, actual ?? off);
}

export function toExecutionResult(output: DescribeExecutionOutput, arn: string): ExecutionResult {
  const input = parseJson(output.input);
  const result = parseJson(output.output);
  return {
    executionArn: output.executionArn ?? arn,
    stateMachineArn: output.stateMachineArn ?? '',
    name: output.name ?? arn.split(':').pop() ?? '',
    status: (output.status ?? 'RUNNING') as ExecutionStatus,
    startDate: output.startDate ?? new Date(0),
    ...(output.stopDate ? { stopDate: output.stopDate } : {}),
    ...(input !== undefined ? { input } : {}),
    ...(result !== undefined ? { output: result } : {}),
    ...(output.error !== undefined ? { error: output.error } : {}),
    ...(output.cause !== undefined ? { cause: output.cause } : {}),
    ...(output.redriveStatus !== undefined ? { redriveStatus: output.redriveStatus } : {}),
    ...(output.redriveStatusReason !== undefined ? { redriveStatusReason: output.redriveStatusReason } : {}),
    ...(output.redriveCount !== undefined ? { redriveCount: output.redriveCount } : {}),
  };
}

export function toExecutionSummary(item: ExecutionListItem): ExecutionSummary {
  return {
    executionArn: item.executionArn ?? '',
    stateMachineArn: item.stateMachineArn ?? '',
    name: item.name ?? '',
    status: (item.status ?? 'RUNNING') as ExecutionStatus,
    startDate: item.startDate ?? new Date(0),
    stopDate: item.stopDate,
  };
}

export function toMapRunSummary(item: MapRunListItem): MapRunSummary {
  return {
    mapRunArn: item.mapRunArn ?? '',
    executionArn: item.executionArn ?? '',
    startDate: item.startDate ?? new Date(0),
    stopDate: item.stopDate,
  };
}
