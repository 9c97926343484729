import { app } from '@azure/functions';
import { slaSubscriptionName, slaTriggerOptions } from '../../src/triggers/sla-trigger';

app.serviceBusTopic(slaSubscriptionName, slaTriggerOptions());
