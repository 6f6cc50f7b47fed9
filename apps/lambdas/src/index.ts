/**
 * @packageDocumentation
 * The five eks-upgrade phase functions (perception, reasoning, execution, validation,
 * rollback): their logic, the cluster gateway they talk to EKS through (AWS SDK or simulated
 * from a scenario), and Lambda handlers.
 */

export * from './bedrock/bedrock-narrative-client.js';
export * from './gateway/cluster-gateway.js';
export * from './gateway/simulated-cluster-gateway.js';
export * from './phases/dependencies.js';
export * from './phases/reasoning.js';
export * from './simulation/scenario.js';
export * from './versions/addon-versions.js';
