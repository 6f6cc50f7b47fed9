import { defineUnitConfig } from '../../vitest.shared.js';

// Commands that call AWS are tested against a fake AWS (test/helpers/fake-aws.ts), so the CLI
// holds the same bar as the other workspaces.
export default defineUnitConfig({ workspace: 'cli', coverageLines: 85 });
