import { defineIntegrationConfig } from '../../vitest.shared.js';

export default defineIntegrationConfig({ workspace: 'lambdas', testTimeoutMs: 120_000 });
