import { describe, expect, it } from 'vitest';
import { inMemoryClientService } from '../support/in-memory/in-memory-services';
import { clientView } from '../../src/app/client-view';
import { DomainError } from '../../src/domain/domain-error';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';

const clock = { now: () => new Date('2026-11-24T09:00:00Z') };
const body = (webhooks: unknown[]) => clientBodySchema.parse({ ...contractClient(), notifications: { webhooks } });

const slackA = 'https://hooks.slack.com/services/T0/B0/credential-a';
const slackB = 'https://hooks.slack.com/services/T0/B1/credential-b';
const teams = 'https://prod-01.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke?sig=credential-t';

describe('chat webhooks of a client', () => {
  it('are read back by origin only, without secrets, and a view PUT back as it is keeps the stored URLs', async () => {
    const service = inMemoryClientService(new InMemoryClientStore(), clock);
    await service.putClient(
      'acme',
      body([
        { url: slackA, format: 'slack', events: ['ticket.*'] },
        { url: teams, format: 'teams', events: ['*'] },
      ]),
    );
    const view = clientView(await service.getClient('acme'));
    expect(view.notifications.webhooks).toEqual([
      { url: 'https://hooks.slack.com/…', events: ['ticket.*'], includeInternal: false, format: 'slack' },
      { url: 'https://prod-01.westeurope.logic.azure.com/…', events: ['*'], includeInternal: false, format: 'teams' },
    ]);
    expect(JSON.stringify(view)).not.toContain('credential');

    const { agreementVersion: _v, id: _i, createdAt: _c, updatedAt: _u, ...settings } = view;
    const { client } = await service.putClient('acme', clientBodySchema.parse(settings));
    expect(client.notifications.webhooks.map((w) => w.url)).toEqual([slackA, teams]);
  });

  it('refuse a masked URL that names no single stored chat webhook, naming the field', async () => {
    const service = inMemoryClientService(new InMemoryClientStore(), clock);
    await service.putClient(
      'acme',
      body([
        { url: slackA, format: 'slack', events: ['ticket.*'] },
        { url: slackB, format: 'slack', events: ['sla.*'] },
      ]),
    );
    const masked = body([{ url: 'https://hooks.slack.com/…', format: 'slack', events: ['*'] }]);
    const error = await service.putClient('acme', masked).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).field).toBe('notifications.webhooks.0.url');
    // A new client has nothing stored the mask could stand for.
    await expect(service.putClient('new', masked)).rejects.toThrow(/masked/);
  });
});
