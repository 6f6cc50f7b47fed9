#!/usr/bin/env node
// Only the version check is imported statically: it needs nothing newer than Node.js 14. The rest
// of the CLI uses Node.js 22 features (Promise.withResolvers, Map.groupBy), so it is loaded after.
import { nodeVersionProblem } from './cli/node-version-check.js';

const problem = nodeVersionProblem(process.versions.node);
if (problem === undefined) {
  const [{ createProcessIo }, { main }] = await Promise.all([import('./cli/io.js'), import('./main.js')]);
  process.exitCode = await main(process.argv.slice(2), createProcessIo());
} else {
  process.stderr.write(`error: ${problem}\n`);
  // 2: bad usage or input (here, the environment), the same code as every check made before work.
  process.exitCode = 2;
}
