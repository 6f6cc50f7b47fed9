import { defineIntegrationConfig } from '../../vitest.shared.js';

export default defineIntegrationConfig({ workspace: 'cli', testTimeoutMs: 120_000 });
