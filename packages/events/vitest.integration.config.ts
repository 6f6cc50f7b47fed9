import { defineIntegrationConfig } from '../../vitest.shared.js';

export default defineIntegrationConfig({ workspace: 'events' });
