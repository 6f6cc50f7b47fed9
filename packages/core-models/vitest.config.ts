import { defineUnitConfig } from '../../vitest.shared.js';

export default defineUnitConfig({ workspace: 'core-models', coverageLines: 95 });
