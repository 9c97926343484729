/**
 * The API lives under `/api` while the pages live at `/`: host.json's `routePrefix` is `""`, so every
 * operation's function route carries this prefix itself. One constant, used by the registrations and
 * the OpenAPI document alike.
 */
export const apiRoutePrefix = 'api';

/** The Functions route of an operation whose `route` is written below `/api` (e.g. `tickets/{ticketId}`). */
export const apiRoute = (route: string): string => `${apiRoutePrefix}/${route}`;
