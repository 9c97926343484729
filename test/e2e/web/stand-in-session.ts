import type { Browser, BrowserContext } from 'playwright-core';

export interface StandInSession {
  readonly email: string;
  readonly name: string;
  readonly staffRoles: readonly ('engineer' | 'lead')[];
  readonly contacts: readonly { clientId: string; roles: readonly ('requester' | 'approver')[] }[];
}

/**
 * A browser context whose pages talk to the real API with the admin key, and whose
 * `GET /api/sessions/current` is answered with `session`: the pages behave as for that person while
 * the API runs every request as the admin. It exercises the pages against the real API where a test
 * is about the pages rather than about sign-in (which `sign-in-flows.test.ts` drives for real).
 */
export async function standInContext(
  browser: Browser,
  adminKey: string,
  session: StandInSession,
): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'UTC' });
  await context.setExtraHTTPHeaders({ authorization: `Bearer ${adminKey}` });
  await context.route('**/api/sessions/current', (route) =>
    route.request().method() === 'GET'
      ? route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({ ...session, csrfToken: 'stand-in' }),
        })
      : route.continue(),
  );
  return context;
}

/** The support lead the console pages are shown as (`standInContext` with a lead's session). */
export const standInLead: StandInSession = {
  email: 'lena@desk.example',
  name: 'Lena Lead',
  staffRoles: ['lead'],
  contacts: [],
};
