/**
 * @packageDocumentation
 * Schemas and types shared by every eks-upgrade package: the upgrade request, cluster snapshot,
 * plan, results, phase contracts and the 17 event types; the agent configuration and its
 * defaults; Kubernetes version rules; AWS naming rules; the error taxonomy; and small helpers for
 * AWS calls (`chunk`, `jsonEqual`, `followPageTokens`). No AWS SDK.
 */
export * from './collections/index.js';
export * from './config/agent-config.js';
export * from './config/maintenance-window.js';
export * from './config/permissions-settings.js';
export * from './constants.js';
export * from './errors/index.js';
export * from './events/index.js';
export * from './kubernetes/versions.js';
export * from './names/aws-names.js';
export * from './retry/index.js';
export * from './schemas/cluster-snapshot.js';
export * from './schemas/phase-io.js';
export * from './schemas/results.js';
export * from './schemas/upgrade-plan.js';
export * from './schemas/upgrade-request.js';
export type { AwsSdkV3Client } from './sdk/injected-client.js';
export * from './validation/parse.js';
