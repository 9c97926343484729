import * as df from 'durable-functions';
import { slaOrchestrationName } from '../../src/app/sla-signaller';
import { ticketSlaOrchestrator } from '../../src/app/ticket-sla-orchestrator';

df.app.orchestration(slaOrchestrationName, ticketSlaOrchestrator);
