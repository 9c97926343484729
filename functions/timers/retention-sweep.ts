import { app, type InvocationContext, type Timer } from '@azure/functions';
import { withUseCases } from '../../src/composition/runtime';

// Daily at 03:30 UTC: deletes bookkeeping past its retention and attachment blobs no ticket accounts for
// (src/composition/retention.ts).
app.timer('retention-sweep', {
  schedule: '0 30 3 * * *',
  handler: withUseCases(['retention'], async ({ retention }, _timer: Timer, context: InvocationContext) => {
    const { deleted, failed } = await retention.sweep();
    context.log(
      `retention sweep: ${Object.entries(deleted)
        .map(([name, n]) => `${name} ${n}`)
        .join(', ')}`,
    );
    // A failed rule is tried again tomorrow; the error is logged, not thrown, so the others' work stands.
    for (const [name, message] of Object.entries(failed)) context.error(`retention sweep: ${name} failed: ${message}`);
  }),
});
