import { describe, expect, it } from 'vitest';
import { ruleChoices, ruleInWords } from '../../web/src/lib/rule-words';

describe('a schedule rule in words', () => {
  it.each([
    ['FREQ=DAILY', 'Every day'],
    ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'Every weekday (Monday to Friday)'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', 'Every 2 weeks on Monday, Thursday'],
    ['FREQ=MONTHLY;BYDAY=1TU', 'Every month on the first Tuesday'],
    ['RRULE:FREQ=MONTHLY;BYDAY=-1FR', 'Every month on the last Friday'],
    ['FREQ=MONTHLY;INTERVAL=3', 'Every 3 months'],
    ['FREQ=YEARLY', 'Every year'],
  ])('%s → %s', (rule, words) => expect(ruleInWords(rule)).toBe(words));

  it.each(['FREQ=MONTHLY;BYMONTHDAY=31', 'FREQ=WEEKLY;COUNT=3', 'FREQ=MONTHLY;BYDAY=MO', 'FREQ=SECONDLY', 'nonsense'])(
    'shows %s as it is rather than guess',
    (rule) => expect(ruleInWords(rule)).toBe(rule),
  );

  it('offers rules the API takes as they are (no time of day: that is the start’s)', () => {
    for (const [rule] of ruleChoices) expect(rule).not.toMatch(/BYHOUR|BYMINUTE|BYSECOND|DTSTART/);
  });
});
