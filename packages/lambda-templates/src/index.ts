/**
 * @packageDocumentation
 * Lambda deploy/update/invoke manager, deterministic deployment zips and the five eks-upgrade
 * phase function templates.
 */
export * from './zip/index.js';
