import * as df from 'durable-functions';
import { keepSlaActivity, keepSlaActivityName } from '../../src/orchestrations/ticket-sla';

df.app.activity(keepSlaActivityName, { handler: keepSlaActivity });
