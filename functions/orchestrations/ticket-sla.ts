import * as df from 'durable-functions';
import { ticketSlaOrchestrationName, ticketSlaOrchestrator } from '../../src/orchestrations/ticket-sla';

df.app.orchestration(ticketSlaOrchestrationName, ticketSlaOrchestrator);
