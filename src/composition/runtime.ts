import { CachedClientStore } from '../adapters/caching/cached-client-store';
import { createTableClients, ensureTables, type TableClients } from '../adapters/tables/table-clients';
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
import type { BlobAttachments } from '../adapters/blobs/blob-attachments';
import { FileTypeDetector } from '../adapters/blobs/file-type-detector';
import type { SearchService } from '../app/search-service';
import { buildSearch } from './search';
import { MaintenanceScheduleService } from '../app/maintenance-schedule-service';
import { MaintenanceItemService } from '../app/maintenance-item-service';
import { TableMaintenanceItems } from '../adapters/tables/table-maintenance-items';
import { TableMaintenanceSchedules } from '../adapters/tables/table-maintenance-schedules';
import { MaintenanceReleaseService } from '../app/maintenance-release-service';
import { TableMaintenanceReleases } from '../adapters/tables/table-maintenance-releases';
import type { OutboundPolicy } from '../domain/network/outbound-url';
import { lazyObject } from './lazy';
import { processMeter } from '../adapters/metering/counting-meter';
import { MeterReport } from '../adapters/metering/meter-report';
import type { Meter } from '../ports/meter';

/**
 * Everything the function registrations may use, built from the app settings once per process and
 * lazily: each member on first read (`lazyObject`), so a function builds only what it uses. Functions
 * declare what they use (`uses` on an operation, `withUseCases` on a trigger) and get only that.
 */
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
  /** Maintenance releases: planned, proposed to approvers, approved or queried, done with release notes. */
  readonly maintenanceReleases: MaintenanceReleaseService;
  /** Azure-billable operations counted where they happen (docs/performance.md, "What an instance costs"). */
  readonly meter: Meter;
  /** The counts since its last line, for a periodic metrics log line. */
  readonly meterReport: MeterReport;
  /** Resolves once the tables exist (and the attachments' container): every function awaits it first. */
  readonly ready: Promise<void>;
}

/** What a function may declare it uses: the runtime's members, without `ready` (awaited for it). */
export type UseCases = Omit<Runtime, 'ready'>;

/** The named use cases of the runtime, and only those: reading them builds them, nothing else. */
export function pick<U extends keyof UseCases>(runtime: UseCases, uses: readonly U[]): Pick<UseCases, U> {
  return Object.fromEntries(uses.map((name) => [name, runtime[name]])) as Pick<UseCases, U>;
}

/**
 * Wraps a trigger's handler (timer, subscription, activity): once the tables are ensured, it is called
 * with the use cases it names and its own arguments. The trigger's cold start builds only those.
 */
export function withUseCases<U extends keyof UseCases, A extends unknown[], R>(
  uses: readonly U[],
  handler: (deps: Pick<UseCases, U>, ...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const runtime = getRuntime();
    await runtime.ready;
    return handler(pick(runtime, uses), ...args);
  };
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

/** What several members share, built lazily with them and not part of what functions see. */
interface Parts {
  readonly tables: TableClients;
  readonly attachmentBlobs: BlobAttachments;
  readonly outbound: OutboundPolicy;
  readonly signInStore: TableSignInStore;
  /** Told of every ticket commit: the outbox relay first, then the host's own. */
  readonly ticketListeners: readonly TicketChangeListener[];
}

/**
 * The runtime for these overrides. Only the settings, the table clients and `ready` are made at once
 * (every function awaits the tables); each other member is built when a function first reads it.
 */
export function buildRuntime(options: RuntimeOverrides): Runtime {
  const settings = parseAppSettings(options.env ?? process.env);
  const clock = options.clock ?? systemClock;
  const tables = createTableClients(settings);
  const attachmentBlobs = createAttachmentBlobs(settings);
  const ready = Promise.all([ensureTables(tables), attachmentBlobs.ensureContainer()]).then(() => undefined);
  ready.catch(() => undefined);
  const r: Runtime & Parts = lazyObject<Runtime & Parts>({
    settings: () => settings,
    clock: () => clock,
    ready: () => ready,
    meter: () => processMeter,
    meterReport: () => new MeterReport(processMeter),
    tables: () => tables,
    attachmentBlobs: () => attachmentBlobs,
    outbound: () => outboundPolicyOf(settings),
    signInStore: () => new TableSignInStore(tables.people),
    clientStore: () => new CachedClientStore(new TableClientStore(tables.clients)),
    ticketStore: () => new TableTicketStore(tables.tickets),
    hourBankStore: () => new TableHourBankStore(tables.tickets),
    peopleStore: () => new TablePeopleStore(tables.people),
    people: () => new PersonDirectory(r.peopleStore),
    notifications: () =>
      buildNotifications({
        settings,
        clock,
        tables,
        clientStore: r.clientStore,
        ticketStore: r.ticketStore,
        outbound: r.outbound,
        overrides: options,
      }),
    // The relay goes first: it never throws, and events are published whatever the other listeners do.
    ticketListeners: () => [r.notifications.relay, ...(options.ticketListeners ?? [])],
    signIn: () =>
      new SignInService(r.signInStore, r.people, r.notifications.emailSender, clock, {
        staffUseOidc: settings.SUPPORTDESK_STAFF_OIDC_ISSUER !== undefined,
      }),
    // Hours purchased and called off per month come from the hour bank's ledger.
    // Each ticket is judged by the agreement version it was received under.
    reports: () =>
      new SlaReportService(
        r.clientStore,
        new TableReportTickets(tables.tickets),
        r.hourBankStore,
        clock,
        storedAgreementVersions(r.clientStore),
      ),
    tickets: () => new TicketService(r.clientStore, r.ticketStore, clock, r.ticketListeners, r.people, r.hourBankStore),
    attachments: () =>
      new AttachmentService(
        r.clientStore,
        r.ticketStore,
        attachmentBlobs,
        new FileTypeDetector(),
        clock,
        r.ticketListeners,
        settings.SUPPORTDESK_ATTACHMENT_SCAN === 'defender' ? 'defender' : 'not-configured',
      ),
    clients: () => new ClientService(r.clientStore, clock, r.outbound, r.peopleStore),
    mailIn: () =>
      buildMailIn(
        settings,
        clock,
        r.clientStore,
        r.peopleStore,
        r.tickets,
        new MailAttachmentsToTicket(r.attachments),
        r.notifications.relay,
      ),
    alerts: () => new AlertService(r.clientStore, r.ticketStore, clock, r.ticketListeners),
    hourBank: () => new HourBankService(r.clientStore, r.ticketStore, r.hourBankStore, clock, [r.notifications.relay]),
    slaKeeper: () => new SlaKeeper(r.clientStore, r.ticketStore, r.ticketListeners),
    staff: () => new StaffService(r.peopleStore, clock),
    staffOidc: () =>
      settings.SUPPORTDESK_STAFF_OIDC_ISSUER && settings.SUPPORTDESK_STAFF_OIDC_CLIENT_ID
        ? new StaffOidcSignIn(
            new OpenIdClientStaffLogin(
              settings.SUPPORTDESK_STAFF_OIDC_ISSUER,
              settings.SUPPORTDESK_STAFF_OIDC_CLIENT_ID,
              settings.SUPPORTDESK_STAFF_OIDC_CLIENT_SECRET,
            ),
            r.signInStore,
            r.people,
            r.signIn,
            clock,
          )
        : undefined,
    staffTokens: () =>
      settings.SUPPORTDESK_STAFF_OIDC_ISSUER && settings.SUPPORTDESK_STAFF_OIDC_AUDIENCE
        ? new JoseStaffTokenVerifier(
            settings.SUPPORTDESK_STAFF_OIDC_ISSUER,
            settings.SUPPORTDESK_STAFF_OIDC_AUDIENCE,
            clock,
            (m) => console.warn(m),
          )
        : undefined,
    retention: () => buildRetention(settings, tables, clock, { tickets: r.ticketStore, blobs: attachmentBlobs }),
    authThrottle: () => new AuthThrottle(authThrottleOptions(settings.SUPPORTDESK_AUTH_FAILURE_BUDGET)),
    monthlyReports: () =>
      new MonthlySlaReportMailer(
        r.clientStore,
        r.reports,
        r.notifications.emailReceipts,
        r.notifications.emailSender,
        clock,
        r.ticketStore,
      ),
    blobOrigin: () => blobOrigin(settings),
    search: () => buildSearch(settings, r.clientStore, r.ticketStore, ready),
    maintenanceSchedules: () =>
      new MaintenanceScheduleService(
        r.clientStore,
        new TableMaintenanceSchedules(tables.clients),
        r.ticketStore,
        clock,
        r.ticketListeners,
      ),
    maintenanceItems: () =>
      new MaintenanceItemService(
        r.clientStore,
        r.ticketStore,
        new TableMaintenanceItems(tables.clients),
        clock,
        new TableMaintenanceReleases(tables.tickets),
      ),
    maintenanceReleases: () =>
      new MaintenanceReleaseService(
        r.clientStore,
        r.ticketStore,
        new TableMaintenanceItems(tables.clients),
        new TableMaintenanceReleases(tables.tickets),
        clock,
        [r.notifications.relay],
        r.ticketListeners,
      ),
  });
  return r;
}
