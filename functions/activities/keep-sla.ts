import * as df from 'durable-functions';
import { keepSlaActivity, type SlaActivityInput } from '../../src/app/ticket-sla-orchestrator';
import { getRuntime } from '../../src/composition/runtime';

df.app.activity(keepSlaActivity, {
  handler: async (input: SlaActivityInput) => {
    const runtime = getRuntime();
    await runtime.ready;
    return runtime.slaKeeper.keep(input, input.now);
  },
});
