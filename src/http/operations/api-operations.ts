import type { Operation } from '../operation';
import { actOnTicketOperation } from './act-on-ticket';
import { adjustHoursOperation } from './adjust-hours';
import { createApiKeyOperation } from './create-api-key';
import { createTicketOperation } from './create-ticket';
import { getClientOperation } from './get-client';
import { getClientSeveritiesOperation } from './get-client-severities';
import { getHourBankOperation } from './get-hour-bank';
import { getHourBankStatementOperation } from './get-hour-bank-statement';
import { getSlaReportOperation } from './get-sla-report';
import { getSlaReportCsvOperation } from './get-sla-report-csv';
import { getTicketOperation } from './get-ticket';
import { getTicketTimelineOperation } from './get-ticket-timeline';
import { healthOperation } from './health';
import { ingestAlertOperation } from './ingest-alert';
import { listFailedDeliveriesOperation } from './list-failed-deliveries';
import { listTimeEntriesOperation } from './list-time-entries';
import { logTimeOperation } from './log-time';
import { listApiKeysOperation } from './list-api-keys';
import { listContactsOperation } from './list-contacts';
import { listTicketsOperation } from './list-tickets';
import { searchTicketsOperation } from './search-tickets';
import { rebuildSearchIndexOperation } from './rebuild-search-index';
import { purchaseHoursOperation } from './purchase-hours';
import { putClientOperation } from './put-client';
import { putContactOperation } from './put-contact';
import { replayDeliveryOperation } from './replay-delivery';
import { createSessionOperation } from './create-session';
import { deleteCurrentSessionOperation } from './delete-current-session';
import { getCurrentSessionOperation } from './get-current-session';
import { listStaffOperation } from './list-staff';
import { listQuarantinedMailOperation } from './list-quarantined-mail';
import { acceptQuarantinedMailOperation } from './accept-quarantined-mail';
import { discardQuarantinedMailOperation } from './discard-quarantined-mail';
import { putStaffOperation } from './put-staff';
import { requestSignInLinkOperation } from './request-sign-in-link';
import { finishStaffOidcSignInOperation } from './finish-staff-oidc-sign-in';
import { startStaffOidcSignInOperation } from './start-staff-oidc-sign-in';
import { revokeApiKeyOperation } from './revoke-api-key';
import { getSignInOptionsOperation } from './get-sign-in-options';
import { beginAttachmentUploadOperation } from './begin-attachment-upload';
import { completeAttachmentUploadOperation } from './complete-attachment-upload';
import { listAttachmentsOperation } from './list-attachments';
import { downloadAttachmentOperation } from './download-attachment';
import { getMaintenanceScheduleOperation } from './get-maintenance-schedule';
import { listMaintenanceSchedulesOperation } from './list-maintenance-schedules';
import { putMaintenanceScheduleOperation } from './put-maintenance-schedule';
import { addMaintenanceItemOperation } from './add-maintenance-item';
import { listMaintenanceItemsOperation } from './list-maintenance-items';
import { createMaintenanceReleaseOperation } from './create-maintenance-release';
import { listMaintenanceReleasesOperation } from './list-maintenance-releases';
import { getMaintenanceReleaseOperation } from './get-maintenance-release';
import { actOnMaintenanceReleaseOperation } from './act-on-maintenance-release';

/**
 * The operations the OpenAPI document describes besides itself (each is registered by its own file in
 * `functions/http/`; `test/http` checks the two lists agree).
 */
export const apiOperations: readonly Operation<never, never, never>[] = [
  healthOperation,
  putClientOperation,
  getClientOperation,
  getClientSeveritiesOperation,
  putContactOperation,
  createApiKeyOperation,
  listApiKeysOperation,
  revokeApiKeyOperation,
  listContactsOperation,
  createTicketOperation,
  getTicketOperation,
  listTicketsOperation,
  searchTicketsOperation,
  rebuildSearchIndexOperation,
  actOnTicketOperation,
  getTicketTimelineOperation,
  ingestAlertOperation,
  listFailedDeliveriesOperation,
  replayDeliveryOperation,
  getHourBankOperation,
  getHourBankStatementOperation,
  purchaseHoursOperation,
  adjustHoursOperation,
  logTimeOperation,
  listTimeEntriesOperation,
  putStaffOperation,
  listStaffOperation,
  listQuarantinedMailOperation,
  acceptQuarantinedMailOperation,
  discardQuarantinedMailOperation,
  requestSignInLinkOperation,
  createSessionOperation,
  getCurrentSessionOperation,
  deleteCurrentSessionOperation,
  getSignInOptionsOperation,
  startStaffOidcSignInOperation,
  finishStaffOidcSignInOperation,
  getSlaReportOperation,
  getSlaReportCsvOperation,
  beginAttachmentUploadOperation,
  completeAttachmentUploadOperation,
  listAttachmentsOperation,
  downloadAttachmentOperation,
  putMaintenanceScheduleOperation,
  getMaintenanceScheduleOperation,
  listMaintenanceSchedulesOperation,
  listMaintenanceItemsOperation,
  addMaintenanceItemOperation,
  createMaintenanceReleaseOperation,
  listMaintenanceReleasesOperation,
  getMaintenanceReleaseOperation,
  actOnMaintenanceReleaseOperation,
] as unknown as readonly Operation<never, never, never>[];
