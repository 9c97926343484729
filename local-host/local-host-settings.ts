import path from 'node:path';
import { z } from 'zod';

/** The local host's own settings (docs/product-spec.md §3); the app's settings are derived from these. */
export const localHostSettingsSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(7071),
  SUPPORTDESK_ADMIN_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  SUPPORTDESK_CLOCK: z.enum(['system', 'virtual']).default('system'),
  SUPPORTDESK_CLOCK_START: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('First instant of a new virtual clock.'),
  SUPPORTDESK_DATA_DIR: z.string().min(1).default('.local'),
  AzureWebJobsStorage: z.string().min(1).optional(),
  SUPPORTDESK_BACKGROUND_MAX_DEFER_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(2000)
    .describe(
      'How long the outbox relay and the topic pump give way to requests under way before taking a small share anyway; 0 = never.',
    ),
});

export type LocalHostSettings = z.output<typeof localHostSettingsSchema> & { readonly dataDir: string };

export function parseLocalHostSettings(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): LocalHostSettings {
  const result = localHostSettingsSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid local host settings:\n${lines.join('\n')}`);
  }
  return { ...result.data, dataDir: path.resolve(cwd, result.data.SUPPORTDESK_DATA_DIR) };
}
