import * as df from 'durable-functions';
import { planSlaActivity, type SlaActivityInput } from '../../src/app/ticket-sla-orchestrator';
import { getRuntime } from '../../src/composition/runtime';

df.app.activity(planSlaActivity, {
  handler: async (input: SlaActivityInput) => {
    const runtime = getRuntime();
    await runtime.ready;
    return runtime.slaKeeper.plan(input, input.now);
  },
});
