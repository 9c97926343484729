import Holidays from 'date-holidays';

/**
 * Which countries and regions `date-holidays` knows, so that an agreement naming an unknown one is
 * rejected when it is saved rather than silently computing no holidays (the library returns an
 * empty list for codes it does not know).
 */
let countries: Readonly<Record<string, string>> | undefined;
const regionsByCountry = new Map<string, Readonly<Record<string, string>>>();

export function isKnownHolidayCountry(country: string): boolean {
  countries ??= new Holidays().getCountries();
  return Object.hasOwn(countries, country);
}

export function isKnownHolidayRegion(country: string, region: string): boolean {
  if (!isKnownHolidayCountry(country)) return false;
  let regions = regionsByCountry.get(country);
  if (!regions) {
    regions = new Holidays().getStates(country) ?? {};
    regionsByCountry.set(country, regions);
  }
  return Object.hasOwn(regions, region);
}
