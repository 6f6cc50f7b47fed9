export {
  type FunctionDifference,
  type LambdaCodeChangeReason,
  LambdaConfigurationField,
} from './change-detection.js';
export {
  type InvokeFunctionOptions,
  type LambdaChange,
  type LambdaDeployment,
  type LambdaDeploymentPlan,
  type LambdaFunctionSummary,
  type LambdaInvocationResult,
  LambdaInvocationType,
  LambdaTemplateManager,
  type LambdaTemplateManagerOptions,
  type LambdaWaitOptions,
  type ListFunctionsOptions,
} from './lambda-template-manager.js';
