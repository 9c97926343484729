import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agreementSchema, ticketStatusSchema, timezoneSchema } from '../../../src/domain/agreement/agreement';
import { CONTRACT_EXAMPLE, readClientJson } from '../calendar/calendar-fixtures';

type Json = Record<string, unknown>;

/** The top level of a PUT /api/clients body, enough to check the examples have the right shape. */
const clientShape = z.strictObject({
  name: z.string().min(1),
  ticketPrefix: z.string().regex(/^[A-Z][A-Z0-9]{1,11}$/),
  timezone: timezoneSchema,
  agreement: agreementSchema,
  notifications: z.strictObject({ webhooks: z.array(z.unknown()) }),
});

const clientFiles = [
  CONTRACT_EXAMPLE,
  'examples/clients/acme-category.json',
  'examples/clients/northwind-s1-s5.json',
  'examples/clients/contoso-blocker.json',
];

/** A fresh, valid agreement to break one field at a time. */
function contractAgreement(): Json {
  return structuredClone(readClientJson(CONTRACT_EXAMPLE).agreement) as Json;
}

function issuesOf(agreement: unknown): Array<{ path: PropertyKey[]; message: string }> {
  const result = agreementSchema.safeParse(agreement);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
}

describe('valid agreements', () => {
  it.each(clientFiles)('%s validates as a client body', (file) => {
    const result = clientShape.safeParse(readClientJson(file));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('the three examples use the three severity schemes of the product spec', () => {
    const ids = clientFiles
      .slice(1)
      .map((file) => clientShape.parse(readClientJson(file)).agreement.severities.map((s) => s.id));
    expect(ids).toEqual([
      ['cat1', 'cat2', 'cat3', 'cat4'],
      ['S1', 'S2', 'S3', 'S4', 'S5'],
      ['blocker', 'critical', 'major', 'minor'],
    ]);
  });

  it('fills in the documented defaults', () => {
    const minimal = {
      calendars: { office: { weekly: { mon: ['09:00-17:00'] }, holidays: { country: 'GB' } } },
      severities: [
        {
          id: 'p1',
          name: 'P1',
          description: 'Down',
          covered: true,
          calendar: 'office',
          assessWithin: 'PT1H',
          resolveWithin: 'P1D',
        },
      ],
    };
    const agreement = agreementSchema.parse(minimal);
    expect(agreement.warnAt).toEqual([0.75]);
    expect(agreement.pauseOn).toEqual(['waiting-on-client', 'waiting-on-vendor']);
    expect(agreement.hourBank).toEqual({ lowBalanceHours: 0, overdraftHours: 0 });
    expect(agreement.alertSeverities).toEqual({});
    expect(agreement.autoResolveAlerts).toBe(false);
    expect(agreement.calendars.office?.holidays).toEqual({ country: 'GB', add: [], remove: [] });
    // Defaults are fresh objects: one parsed agreement cannot leak into the next through them.
    expect(agreementSchema.parse(minimal).warnAt).not.toBe(agreement.warnAt);
  });

  it('accepts several slots a day, touching slots, 24:00 and the lifecycle statuses', () => {
    const agreement = contractAgreement();
    agreement.calendars = {
      shifts: { weekly: { mon: ['13:30-18:00', '00:00-12:30', '18:00-24:00'], sun: ['22:00-24:00'] } },
    };
    agreement.severities = [
      {
        id: 'a',
        name: 'A',
        description: 'x',
        covered: true,
        calendar: 'shifts',
        assessWithin: 'PT30M',
        resolveWithin: 'P1W',
      },
    ];
    agreement.alertSeverities = { critical: 'a' };
    agreement.pauseOn = ['waiting-on-vendor', 'awaiting-approval'];
    expect(issuesOf(agreement)).toEqual([]);
    expect(ticketStatusSchema.options).toContain('awaiting-approval');
  });
});

describe('invalid agreements name the exact field', () => {
  type Breakage = [string, (agreement: Json) => void, PropertyKey[], RegExp];
  const calendars = (agreement: Json) => agreement.calendars as Record<string, Json>;
  const office = (agreement: Json) => calendars(agreement).office as Json;
  const weekly = (agreement: Json) => office(agreement).weekly as Record<string, string[]>;
  const holidays = (agreement: Json) => office(agreement).holidays as Json;
  const severities = (agreement: Json) => agreement.severities as Json[];
  const severity = (agreement: Json, index: number) => severities(agreement)[index] as Json;

  const cases: Breakage[] = [
    [
      'malformed slot',
      (a) => (weekly(a).mon = ['9-17:30']),
      ['calendars', 'office', 'weekly', 'mon', 0],
      /HH:mm-HH:mm/,
    ],
    [
      'hour beyond 24:00',
      (a) => (weekly(a).tue = ['09:00-24:30']),
      ['calendars', 'office', 'weekly', 'tue', 0],
      /24:00/,
    ],
    [
      'start after end',
      (a) => (weekly(a).wed = ['17:30-09:00']),
      ['calendars', 'office', 'weekly', 'wed', 0],
      /before end/,
    ],
    ['empty slot', (a) => (weekly(a).wed = ['09:00-09:00']), ['calendars', 'office', 'weekly', 'wed', 0], /before end/],
    [
      'overlapping slots',
      (a) => (weekly(a).thu = ['13:00-17:30', '09:00-13:30']),
      ['calendars', 'office', 'weekly', 'thu', 1],
      /overlaps "13:00-17:30"/,
    ],
    ['unknown weekday', (a) => (weekly(a).monday = ['09:00-17:00']), ['calendars', 'office', 'weekly'], /monday/],
    ['weekly neither 24x7 nor slots', (a) => (office(a).weekly = '24/7'), ['calendars', 'office', 'weekly'], /24x7/],
    [
      'calendar that never opens',
      (a) => (office(a).weekly = { sat: [] }),
      ['calendars', 'office', 'weekly'],
      /at least one slot/,
    ],
    [
      'unknown holiday country',
      (a) => (holidays(a).country = 'XX'),
      ['calendars', 'office', 'holidays', 'country'],
      /XX/,
    ],
    [
      'unknown holiday region',
      (a) => (holidays(a).region = 'YORKS'),
      ['calendars', 'office', 'holidays', 'region'],
      /YORKS.*GB/,
    ],
    [
      'impossible added date',
      (a) => (holidays(a).add = ['2026-02-30']),
      ['calendars', 'office', 'holidays', 'add', 0],
      /exists/,
    ],
    [
      'badly written removed date',
      (a) => (holidays(a).remove = ['26/12/2026']),
      ['calendars', 'office', 'holidays', 'remove', 0],
      /YYYY-MM-DD/,
    ],
    [
      'date both added and removed',
      (a) => Object.assign(holidays(a), { add: ['2026-12-28'], remove: ['2026-12-28'] }),
      ['calendars', 'office', 'holidays', 'remove', 0],
      /both/,
    ],
    ['covered without calendar', (a) => delete severity(a, 1).calendar, ['severities', 1, 'calendar'], /required/],
    [
      'covered without assess target',
      (a) => delete severity(a, 1).assessWithin,
      ['severities', 1, 'assessWithin'],
      /required/,
    ],
    [
      'covered without resolve target',
      (a) => delete severity(a, 0).resolveWithin,
      ['severities', 0, 'resolveWithin'],
      /required/,
    ],
    ['unknown calendar', (a) => (severity(a, 1).calendar = 'ofice'), ['severities', 1, 'calendar'], /ofice.*office/],
    [
      'target not a duration',
      (a) => (severity(a, 1).assessWithin = '4 hours'),
      ['severities', 1, 'assessWithin'],
      /ISO-8601/,
    ],
    ['target in months', (a) => (severity(a, 1).resolveWithin = 'P1M'), ['severities', 1, 'resolveWithin'], /months/],
    [
      'zero target',
      (a) => (severity(a, 0).assessWithin = 'PT0S'),
      ['severities', 0, 'assessWithin'],
      /longer than zero/,
    ],
    ['negative target', (a) => (severity(a, 0).assessWithin = '-PT1H'), ['severities', 0, 'assessWithin'], /negative/],
    ['duplicate severity id', (a) => (severity(a, 3).id = 'cat2'), ['severities', 3, 'id'], /duplicate/],
    ['misspelt severity field', (a) => (severity(a, 0).resolvewithin = 'PT4H'), ['severities', 0], /resolvewithin/],
    ['warnAt of 1', (a) => (a.warnAt = [0.5, 1]), ['warnAt', 1], /below 1/],
    ['warnAt of 0', (a) => (a.warnAt = [0]), ['warnAt', 0], /above 0/],
    ['warnAt twice', (a) => (a.warnAt = [0.5, 0.5]), ['warnAt', 1], /twice/],
    ['pauseOn unknown status', (a) => (a.pauseOn = ['waiting-on-client', 'lunch']), ['pauseOn', 1], /./],
    ['negative low balance', (a) => (a.hourBank = { lowBalanceHours: -1 }), ['hourBank', 'lowBalanceHours'], /./],
    ['negative overdraft', (a) => (a.hourBank = { overdraftHours: -2 }), ['hourBank', 'overdraftHours'], /./],
    [
      'alert mapped to unknown severity',
      (a) => ((a.alertSeverities as Json).Sev2 = 'cat9'),
      ['alertSeverities', 'Sev2'],
      /cat9/,
    ],
    ['autoResolveAlerts not boolean', (a) => (a.autoResolveAlerts = 'yes'), ['autoResolveAlerts'], /boolean/],
    ['no severities', (a) => (a.severities = []), ['severities'], /at least one/],
  ];

  it.each(cases)('%s', (_name, breakIt, path, message) => {
    const agreement = contractAgreement();
    breakIt(agreement);
    const issues = issuesOf(agreement);
    const matchesMessage: unknown = expect.stringMatching(message);
    expect(issues).toContainEqual({ path, message: matchesMessage });
  });

  it('reports every broken field at once', () => {
    const agreement = contractAgreement();
    weekly(agreement).mon = ['nine to five'];
    severity(agreement, 1).calendar = 'nope';
    expect(issuesOf(agreement).map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        ['calendars', 'office', 'weekly', 'mon', 0],
        ['severities', 1, 'calendar'],
      ]),
    );
  });
});

describe('timezoneSchema', () => {
  it.each(['Europe/London', 'America/New_York', 'UTC', 'Asia/Kolkata'])('accepts %s', (zone) => {
    expect(timezoneSchema.safeParse(zone).success).toBe(true);
  });

  it.each(['Mars/Olympus_Mons', '', 'GMT+25'])('refuses %j', (zone) => {
    expect(timezoneSchema.safeParse(zone).success).toBe(false);
  });
});
