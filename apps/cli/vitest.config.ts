import { defineUnitConfig } from '../../vitest.shared.js';

export default defineUnitConfig({ workspace: 'cli' });
