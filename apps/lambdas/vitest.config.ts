import { defineUnitConfig } from '../../vitest.shared.js';

export default defineUnitConfig({ workspace: 'lambdas' });
