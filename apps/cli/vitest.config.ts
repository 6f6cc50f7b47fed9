import { mergeConfig } from 'vitest/config';
import { defineUnitConfig } from '../../vitest.shared.js';

// Commands that call AWS are tested against a fake AWS (test/helpers/fake-aws.ts), so the CLI
// holds the same bar as the other workspaces. The invariant campaign (test/campaign/: randomized
// blue/green rehearsals, issue 10 §7) runs with the unit tests; its bench runs thousands.
export default mergeConfig(defineUnitConfig({ workspace: 'cli', coverageLines: 85 }), {
  test: { include: ['test/campaign/**/*.test.ts'] },
});
