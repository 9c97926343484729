import { app } from '@azure/functions';
import { slaRepairFunctionName, slaRepairTimerOptions } from '../../src/triggers/sla-repair-trigger';

app.timer(slaRepairFunctionName, slaRepairTimerOptions());
