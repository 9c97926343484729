import { createRequire } from 'node:module';

/** Loads a module as Azurite itself resolves it (its LokiJS, its table store), as the launcher does. */
export const requireFromAzurite = createRequire(createRequire(import.meta.url).resolve('azurite/package.json'));

/** Loads one of the local host's CommonJS Azurite patches (`local-host/*.cjs`). */
export const requireLocalHost = (file: string): unknown => createRequire(import.meta.url)(`../../local-host/${file}`);

/** An entity as Azurite keeps it in LokiJS. */
export interface AzuriteDoc {
  PartitionKey: string;
  RowKey: string;
  properties: Record<string, unknown>;
}
