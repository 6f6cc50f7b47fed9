/**
 * The rehearsal scenario format (documented field by field in `ScenarioSchema`, with the limits
 * each list is held to) and the built-in demo, from the files that hold them.
 */
export { DEMO_SCENARIO } from './demo-scenario.js';
export {
  ScenarioAccessEntrySchema,
  ScenarioAddonCompatibilitySchema,
  ScenarioAddonSchema,
  ScenarioClusterConfigurationSchema,
  ScenarioClusterSchema,
  ScenarioFargateProfileSchema,
  ScenarioNodegroupSchema,
  ScenarioSupportedVersionSchema,
} from './scenario-cluster.js';
export { type ScenarioFailure, ScenarioFailureSchema } from './scenario-failures.js';
export { MAX_SCENARIO_GATES, type ScenarioGate, ScenarioGateSchema } from './scenario-gates.js';
export {
  MAX_NODES_PER_NODEGROUP,
  MAX_SCENARIO_ACCESS_ENTRIES,
  MAX_SCENARIO_ADDONS,
  MAX_SCENARIO_ALARMS,
  MAX_SCENARIO_FAILURES,
  MAX_SCENARIO_FARGATE_PROFILES,
  MAX_SCENARIO_INSIGHTS,
  MAX_SCENARIO_NODEGROUPS,
} from './scenario-limits.js';
export { type Scenario, type ScenarioInput, ScenarioSchema } from './scenario-schema.js';
