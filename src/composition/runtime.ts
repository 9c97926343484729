import { CachedClientStore } from '../adapters/caching/cached-client-store';
import { createTableClients, ensureTables } from '../adapters/tables/table-clients';
import { TableClientStore } from '../adapters/tables/table-client-store';
import { TableHourBankStore } from '../adapters/tables/table-hour-bank-store';
import { TableReportTickets } from '../adapters/tables/table-report-tickets';
import { TableTicketStore } from '../adapters/tables/table-ticket-store';
import { TablePeopleStore } from '../adapters/tables/table-people-store';
import { TableSignInStore } from '../adapters/tables/table-sign-in-store';
import { JoseStaffTokenVerifier } from '../adapters/oidc/jose-staff-token-verifier';
import { OpenIdClientStaffLogin } from '../adapters/oidc/openid-client-staff-login';
import { StaffOidcSignIn } from '../app/staff-oidc-sign-in';
import { PersonDirectory } from '../app/person-directory';
import { SignInService } from '../app/sign-in-service';
import { StaffService } from '../app/staff-service';
import type { StaffTokenVerifier } from '../ports/staff-token-verifier';
import type { PeopleStore } from '../ports/people-store';
import { AlertService } from '../app/alert-service';
import { AuthThrottle, authThrottleOptions } from '../app/auth-throttle';
import { ClientService } from '../app/client-service';
import { HourBankService } from '../app/hour-bank-service';
import { MonthlySlaReportMailer } from '../app/monthly-sla-report-mailer';
import { SlaKeeper } from '../app/sla-keeper';
import { SlaReportService, storedAgreementVersions } from '../app/sla-report-service';
import type { TicketChangeListener } from '../ports/change-listeners';
import { TicketService } from '../app/ticket-service';
import { outboundPolicyOf, parseAppSettings, type AppSettings } from '../config/app-settings';
import type { ClientStore } from '../ports/client-store';
import { systemClock, type Clock } from '../ports/clock';
import type { HourBankStore } from '../ports/hour-bank-store';
import type { TicketStore } from '../ports/ticket-store';
import { buildNotifications, type NotificationOverrides, type Notifications } from './notifications';
import { buildRetention } from './retention';
import { buildMailIn, type MailIn } from './mail';
import type { RetentionSweeper } from '../app/retention';
import { AttachmentService } from '../app/attachment-service';
import { MailAttachmentsToTicket } from '../app/mail-attachments-to-ticket';
import { blobOrigin, createAttachmentBlobs } from '../adapters/blobs/attachment-storage';
import { FileTypeDetector } from '../adapters/blobs/file-type-detector';
import type { SearchService } from '../app/search-service';
import { buildSearch } from './search';
import { MaintenanceScheduleService } from '../app/maintenance-schedule-service';
import { MaintenanceItemService } from '../app/maintenance-item-service';
import { TableMaintenanceItems } from '../adapters/tables/table-maintenance-items';
import { TableMaintenanceSchedules } from '../adapters/tables/table-maintenance-schedules';
import { processMeter } from '../adapters/metering/counting-meter';
import { MeterReport } from '../adapters/metering/meter-report';
import type { Meter } from '../ports/meter';

/** Everything the function registrations need, built once per process from the app settings. */
export interface Runtime {
  readonly settings: AppSettings;
  readonly clock: Clock;
  readonly clientStore: ClientStore;
  readonly ticketStore: TicketStore;
  readonly clients: ClientService;
  readonly tickets: TicketService;
  readonly alerts: AlertService;
  readonly hourBankStore: HourBankStore;
  /** Purchases, adjustments, time entries and the statement (docs/product-spec.md §5). */
  readonly hourBank: HourBankService;
  readonly slaKeeper: SlaKeeper;
  readonly peopleStore: PeopleStore;
  readonly people: PersonDirectory;
  readonly staff: StaffService;
  readonly signIn: SignInService;
  /** Verifies staff bearer JWTs when `SUPPORTDESK_STAFF_OIDC_ISSUER` is set. */
  readonly staffTokens: StaffTokenVerifier | undefined;
  /** "Sign in with Microsoft", when the issuer and `SUPPORTDESK_STAFF_OIDC_CLIENT_ID` are set. */
  readonly staffOidc: StaffOidcSignIn | undefined;
  /** The outbox relay and the topic's deliverers (webhooks, e-mail). */
  readonly notifications: Notifications;
  /** Deletes expired bookkeeping (the `retention-sweep` timer). */
  readonly retention: RetentionSweeper;
  /** Failed authentications per client address (in memory, per instance). */
  readonly authThrottle: AuthThrottle;
  /** SLA compliance reports (docs/product-spec.md §6) and their monthly e-mail. */
  readonly reports: SlaReportService;
  readonly monthlyReports: MonthlySlaReportMailer;
  /** Ticket search (docs/product-spec.md §11): the index, kept from the outbox by the `search` subscription. */
  readonly search: SearchService;
  /** E-mail in (docs/product-spec.md §8): the intake the mailbox transports call, the quarantine, the thread index. */
  readonly mailIn: MailIn;
  /** Files on tickets (docs/product-spec.md §9); `attachStored` takes a mail's attachments. */
  readonly attachments: AttachmentService;
  /** The blob endpoint's origin: the pages' CSP lets them upload to it and show thumbnails from it. */
  readonly blobOrigin: string | undefined;
  /** Routine maintenance and health-check schedules and the timer run that raises their tickets (docs/product-spec.md §10). */
  readonly maintenanceSchedules: MaintenanceScheduleService;
  /** The maintenance backlog: items staff add, and follow-ups become items (docs/product-spec.md §10). */
  readonly maintenanceItems: MaintenanceItemService;
  /** Azure-billable operations counted where they happen (docs/performance.md, "What an instance costs"). */
  readonly meter: Meter;
  /** The counts since its last line, for a periodic metrics log line. */
  readonly meterReport: MeterReport;
  /** Resolves once the tables exist. */
  readonly ready: Promise<void>;
}

/** What a host may supply instead of the defaults (the local host's virtual clock, for one). */
export interface RuntimeOverrides extends NotificationOverrides {
  readonly clock?: Clock;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly ticketListeners?: readonly TicketChangeListener[];
}

let overrides: RuntimeOverrides = {};
let runtime: Runtime | undefined;

export function configureRuntime(next: RuntimeOverrides): void {
  if (runtime) throw new Error('configureRuntime must be called before the runtime is first used.');
  overrides = next;
}

export function getRuntime(): Runtime {
  runtime ??= buildRuntime(overrides);
  return runtime;
}

function buildRuntime(options: RuntimeOverrides): Runtime {
  const settings = parseAppSettings(options.env ?? process.env);
  const clock = options.clock ?? systemClock;
  const tables = createTableClients(settings);
  const clientStore = new CachedClientStore(new TableClientStore(tables.clients));
  const ticketStore = new TableTicketStore(tables.tickets);
  const hourBankStore = new TableHourBankStore(tables.tickets);
  const peopleStore = new TablePeopleStore(tables.people);
  const people = new PersonDirectory(peopleStore);
  const signInStore = new TableSignInStore(tables.people);
  const attachmentBlobs = createAttachmentBlobs(settings);
  const ready = Promise.all([ensureTables(tables), attachmentBlobs.ensureContainer()]).then(() => undefined);
  ready.catch(() => undefined);
  const outbound = outboundPolicyOf(settings);
  const notifications = buildNotifications({
    settings,
    clock,
    tables,
    clientStore,
    ticketStore,
    outbound,
    overrides: options,
  });
  // The relay goes first: it never throws, and events are published whatever the other listeners do.
  const ticketListeners = [notifications.relay, ...(options.ticketListeners ?? [])];
  const signIn = new SignInService(signInStore, people, notifications.emailSender, clock, {
    staffUseOidc: settings.SUPPORTDESK_STAFF_OIDC_ISSUER !== undefined,
  });
  // Hours purchased and called off per month come from the hour bank's ledger.
  // Each ticket is judged by the agreement version it was received under.
  const reports = new SlaReportService(
    clientStore,
    new TableReportTickets(tables.tickets),
    hourBankStore,
    clock,
    storedAgreementVersions(clientStore),
  );
  const tickets = new TicketService(clientStore, ticketStore, clock, ticketListeners, people, hourBankStore);
  const attachments = new AttachmentService(
    clientStore,
    ticketStore,
    attachmentBlobs,
    new FileTypeDetector(),
    clock,
    ticketListeners,
    settings.SUPPORTDESK_ATTACHMENT_SCAN === 'defender' ? 'defender' : 'not-configured',
  );
  return {
    settings,
    clock,
    clientStore,
    ticketStore,
    clients: new ClientService(clientStore, clock, outbound, peopleStore),
    tickets,
    mailIn: buildMailIn(settings, clientStore, peopleStore, tickets, new MailAttachmentsToTicket(attachments)),
    alerts: new AlertService(clientStore, ticketStore, clock, ticketListeners),
    hourBankStore,
    hourBank: new HourBankService(clientStore, ticketStore, hourBankStore, clock, [notifications.relay]),
    slaKeeper: new SlaKeeper(clientStore, ticketStore, ticketListeners),
    notifications,
    peopleStore,
    people,
    staff: new StaffService(peopleStore, clock),
    signIn,
    staffOidc:
      settings.SUPPORTDESK_STAFF_OIDC_ISSUER && settings.SUPPORTDESK_STAFF_OIDC_CLIENT_ID
        ? new StaffOidcSignIn(
            new OpenIdClientStaffLogin(
              settings.SUPPORTDESK_STAFF_OIDC_ISSUER,
              settings.SUPPORTDESK_STAFF_OIDC_CLIENT_ID,
              settings.SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET,
            ),
            signInStore,
            people,
            signIn,
            clock,
          )
        : undefined,
    staffTokens:
      settings.SUPPORTDESK_STAFF_OIDC_ISSUER && settings.SUPPORTDESK_STAFF_OIDC_AUDIENCE
        ? new JoseStaffTokenVerifier(
            settings.SUPPORTDESK_STAFF_OIDC_ISSUER,
            settings.SUPPORTDESK_STAFF_OIDC_AUDIENCE,
            clock,
            (m) => console.warn(m),
          )
        : undefined,
    retention: buildRetention(settings, tables, clock),
    authThrottle: new AuthThrottle(authThrottleOptions(settings.SUPPORTDESK_AUTH_FAILURE_BUDGET)),
    reports,
    monthlyReports: new MonthlySlaReportMailer(
      clientStore,
      reports,
      notifications.emailReceipts,
      notifications.emailSender,
      clock,
    ),
    attachments,
    blobOrigin: blobOrigin(settings),
    search: buildSearch(settings, clientStore, ticketStore, ready),
    maintenanceSchedules: new MaintenanceScheduleService(
      clientStore,
      new TableMaintenanceSchedules(tables.clients),
      ticketStore,
      clock,
      ticketListeners,
    ),
    maintenanceItems: new MaintenanceItemService(
      clientStore,
      ticketStore,
      new TableMaintenanceItems(tables.clients),
      clock,
    ),
    meter: processMeter,
    meterReport: new MeterReport(processMeter),
    ready,
  };
}
