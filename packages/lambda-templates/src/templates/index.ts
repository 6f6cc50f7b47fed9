export {
  type AllTemplatesOptions,
  createExecutionLambda,
  createPerceptionLambda,
  createReasoningLambda,
  createRollbackLambda,
  createValidationLambda,
  getAllLambdaTemplates,
  LambdaLogLevel,
  PHASE_ENVIRONMENT_KEYS,
  PHASE_SIZING,
  type PhaseTemplateOptions,
  phaseZipCode,
} from './phase-templates.js';
