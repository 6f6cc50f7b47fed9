/**
 * @packageDocumentation
 * Lambda deploy/update/invoke manager, deterministic deployment zips and the five eks-upgrade
 * phase function templates.
 */
export { LAMBDA_LIMITS, RESERVED_ENVIRONMENT_KEYS } from './constants.js';
export * from './function/index.js';
export * from './manager/index.js';
export * from './templates/index.js';
export * from './zip/index.js';
