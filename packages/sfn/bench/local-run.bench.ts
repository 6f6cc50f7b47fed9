/**
 * Wall time of local runs of the default workflow with fake phase functions (no AWS, virtual
 * time): blue/green with five traffic steps and bakes, and in place 1.29 → 1.31. Run with
 * `pnpm bench` in packages/sfn.
 */
import { Bench } from 'tinybench';
import {
  createUpgradeStateMachineDefinition,
  runWorkflowLocally,
  validateStateMachineDefinition,
} from '../dist/index.js';
import {
  BLUE_GREEN_REQUEST,
  IN_PLACE_REQUEST,
  fakeLambdaHandlers as sourceTypedHandlers,
} from '../test/support/fake-upgrade.ts';

// The fixture is typed against src/, this file runs against dist/: same shapes, separate declarations.
const fakeLambdaHandlers = (): Parameters<typeof runWorkflowLocally>[0]['lambdaHandlers'] =>
  sourceTypedHandlers() as never;

const definition = createUpgradeStateMachineDefinition();

// The first run in a fresh process, as `eks-upgrade rehearse` sees it (includes asl-validator).
const coldStart = performance.now();
const cold = await runWorkflowLocally({
  definition,
  input: BLUE_GREEN_REQUEST,
  lambdaHandlers: fakeLambdaHandlers(),
});
const coldMs = performance.now() - coldStart;
if (cold.status !== 'SUCCEEDED') throw new Error(`unexpected ${cold.status}`);
console.log(
  `first blue/green run in this process: ${coldMs.toFixed(0)} ms wall, ${cold.durations.virtualSeconds} s virtual, ` +
    `${cold.taskInvocations.length} task calls, ${cold.publishedEvents.length} events`,
);

const bench = new Bench({ name: 'local runs (runWorkflowLocally)', time: 2000 });
bench
  .add('blue/green, five traffic steps (definition already validated)', async () => {
    const result = await runWorkflowLocally({
      definition,
      input: BLUE_GREEN_REQUEST,
      lambdaHandlers: fakeLambdaHandlers(),
    });
    if (result.status !== 'SUCCEEDED') throw new Error(`unexpected ${result.status}`);
  })
  .add('in place 1.29 → 1.31 (definition already validated)', async () => {
    const result = await runWorkflowLocally({
      definition,
      input: IN_PLACE_REQUEST,
      lambdaHandlers: fakeLambdaHandlers(),
    });
    if (result.status !== 'SUCCEEDED') throw new Error(`unexpected ${result.status}`);
  })
  .add('validateStateMachineDefinition (asl-validator)', () => {
    validateStateMachineDefinition(definition);
  });

await bench.run();
console.log(bench.name);
console.table(bench.table());
