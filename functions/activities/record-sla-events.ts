import * as df from 'durable-functions';
import { recordSlaEventsActivity, type SlaActivityInput } from '../../src/app/ticket-sla-orchestrator';
import { getRuntime } from '../../src/composition/runtime';

df.app.activity(recordSlaEventsActivity, {
  handler: async (input: SlaActivityInput) => {
    const runtime = getRuntime();
    await runtime.ready;
    return runtime.slaKeeper.record(input, input.now);
  },
});
