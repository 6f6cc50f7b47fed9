/**
 * @packageDocumentation
 * The five eks-upgrade phase functions (perception, reasoning, execution, validation,
 * rollback): their logic, the cluster gateway they talk to EKS through (AWS SDK or simulated
 * from a scenario), and Lambda handlers.
 */

export * from './bedrock/bedrock-narrative-client.js';
export * from './config/load-agent-config.js';
export * from './gateway/aws/aws-cloudwatch-alarms.js';
export * from './gateway/aws/aws-cloudwatch-iam.js';
export * from './gateway/aws/aws-cluster-gateway.js';
export * from './gateway/aws/aws-ec2-iam.js';
export * from './gateway/aws/aws-ec2-launch-templates.js';
export * from './gateway/aws/aws-ec2-query.js';
export * from './gateway/aws/aws-eks-api.js';
export * from './gateway/aws/aws-eks-iam.js';
export * from './gateway/aws/aws-eks-pod-identity.js';
export * from './gateway/aws/aws-eks-pod-identity-iam.js';
export * from './gateway/aws/aws-eks-tagging.js';
export * from './gateway/aws/aws-eks-tagging-iam.js';
export * from './gateway/aws/aws-gateway-iam.js';
export * from './gateway/aws/aws-iam-identity.js';
export * from './gateway/aws/aws-iam-identity-iam.js';
export * from './gateway/aws/aws-route53-iam.js';
export * from './gateway/aws/aws-route53-traffic.js';
export * from './gateway/aws/create-aws-cluster-gateway.js';
export * from './gateway/aws/green-tags-iam.js';
export * from './gateway/aws/iam-scopes.js';
export * from './gateway/cluster-gateway.js';
export * from './gateway/cluster-identity.js';
export * from './gateway/cluster-tagging.js';
export * from './gateway/launch-templates.js';
export * from './gateway/simulated-cluster-gateway.js';
export * from './handlers/phase-handlers.js';
export * from './phases/dependencies.js';
export * from './phases/execution.js';
export * from './phases/perception.js';
export * from './phases/reasoning.js';
export * from './phases/rollback.js';
export * from './phases/validation.js';
export * from './simulation/scenario.js';
export * from './steps/phase-operations.js';
export * from './steps/registry.js';
export { RollbackReport } from './steps/shared/rollback-report.js';
export type {
  ExecutionContext,
  ExpectedHealth,
  FinalExpectations,
  HealthExpectations,
  RollbackContext,
  StepKindModule,
  StepOfKind,
  StepOperations,
  StepOutcome,
  StepProgress,
  StepRollback,
  StepValidation,
  ValidationContext,
} from './steps/step-kind-module.js';
export * from './versions/addon-versions.js';
export * from './windows/index.js';
