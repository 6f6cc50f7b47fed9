/**
 * @packageDocumentation
 * AWS Systems Manager Parameter Store for eks-upgrade: `SSMClient` (batched, paginated,
 * validated, throttling-aware), configuration objects stored as parameter hierarchies
 * (`putConfiguration` / `getConfiguration`), and `LocalParameterStore` for local runs.
 */

export type { RetryOptions } from '@eks-upgrade/core-models';
export {
  type LoadAgentConfigOptions,
  loadAgentConfig,
  type ReadAgentConfigOptions,
  readAgentConfig,
} from './configuration/agent-configuration.js';
export { configurationRoot } from './configuration/configuration-store.js';
export {
  type ConfigurationObject,
  ConfigurationTag,
  type ConfigurationValue,
  decodeConfiguration,
  type EncodedParameter,
  encodeConfiguration,
} from './configuration/encoding.js';
export {
  type ConfigurationWriteError,
  type ConfigurationWriteFailure,
  type ConfigurationWriteReport,
  type DeleteParametersError,
  type DeleteParametersReport,
  isConfigurationWriteError,
  isDeleteParametersError,
  type ParameterFailure,
} from './configuration/write-report.js';
export {
  LOCAL_ENCRYPTED_PLACEHOLDER,
  LocalParameterStore,
  type LocalParameterStoreOptions,
  type LocalParameterStoreSnapshot,
} from './local/local-parameter-store.js';
export type {
  GetConfigurationOptions,
  ParameterStore,
  PutConfigurationOptions,
} from './parameter-store/parameter-store.js';
export {
  type DeleteParametersResult,
  type GetByPathOptions,
  type GetParametersResult,
  type LabelResult,
  type ParameterConfig,
  ParameterDataType,
  type ParameterHistoryEntry,
  type ParameterMetadata,
  type ParameterResult,
  ParameterTier,
  ParameterType,
  type PutParameterOptions,
  type ReadOptions,
} from './parameter-store/types.js';
export { SSMClient, type SSMClientOptions } from './ssm/ssm-client.js';
export { maxParameterNameLength, PARAMETER_LIMITS } from './validation/limits.js';
export {
  isSensitiveParameterName,
  parameterNameIssues,
  parameterValueIssues,
  tierForValue,
} from './validation/parameter-rules.js';
