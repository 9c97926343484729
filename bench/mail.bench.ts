/**
 * npm run bench:mail — the mail intake's own cost, in one run: mails taken per second and CPU per mail
 * through `MailIntakeService.take` (parse, decide, record, raise the ticket) on the in-memory ports,
 * beside parsing the same mails alone (the baseline). Storage round trips are not in it: on Azurite or
 * Azure they add the same few Table writes per mail as any ticket create (`npm run bench:intake`).
 */
import { PostalMimeParser } from '../src/adapters/mail/postal-mime-parser';
import { inMemoryClientService, inMemoryTicketService } from '../test/support/in-memory/in-memory-services';
import { MailIntakeService } from '../src/app/mail-intake-service';
import { clientBodySchema } from '../src/http/operations/client-schemas';
import { transportKeepsRawMail } from '../src/ports/raw-mail-archive';
import { contractClient } from '../test/support/contract';
import { InMemoryClientStore } from '../test/support/in-memory/in-memory-client-store';
import { InMemoryMailStore } from '../test/support/in-memory/in-memory-mail-store';
import { InMemoryPeopleStore } from '../test/support/in-memory/in-memory-people-store';
import { InMemoryTicketStore } from '../test/support/in-memory/in-memory-ticket-store';
import { rawMail } from '../test/support/mail/mail-builder';

const count = Number(process.env.MAIL_BENCH_COUNT ?? 500);
const clock = { now: () => new Date('2026-12-07T10:00:00Z') };

function mails(prefix: string) {
  const text = 'The invoice page answers 500 when saving.\n'.repeat(40);
  return Array.from({ length: count }, (_, i) =>
    rawMail({ from: 'jo@acme.test', subject: `Invoices fail ${i}`, messageId: `${prefix}-${i}@acme.test`, text }),
  );
}

async function measure(label: string, run: () => Promise<void>) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return { label, perSecond: (count / ms) * 1000, cpuMsPerMail: cpuMs / count };
}

async function main() {
  const parser = new PostalMimeParser();
  const clientStore = new InMemoryClientStore();
  const people = new InMemoryPeopleStore();
  const clients = inMemoryClientService(clientStore, clock, people);
  await clients.putClient('acme', clientBodySchema.parse(contractClient()));
  await clients.putContact('acme', 'jo@acme.test', { name: 'Jo', roles: ['requester'], active: true });
  const tickets = inMemoryTicketService(clientStore, new InMemoryTicketStore(), clock, { people });
  const intake = new MailIntakeService(
    parser,
    new InMemoryMailStore(),
    transportKeepsRawMail,
    { attach: () => Promise.resolve() }, // files are not what this bench measures
    clientStore,
    people,
    tickets,
    { supportAddress: 'support@desk.test' },
  );
  // Warm both paths once so neither pays the first-call compilation.
  await parser.parse(rawMail({ from: 'jo@acme.test', subject: 'warm', messageId: 'warm@x' }));
  await intake.take(rawMail({ from: 'jo@acme.test', subject: 'warm', messageId: 'warm@x' }), clock.now());
  const parseOnly = mails('p');
  const taken = mails('t');
  const baseline = await measure('parse alone', async () => {
    for (const raw of parseOnly) await parser.parse(raw);
  });
  const full = await measure('take (parse + decide + record + ticket)', async () => {
    for (const raw of taken) await intake.take(raw, clock.now());
  });
  for (const r of [baseline, full])
    console.log(
      `${r.label.padEnd(42)} ${r.perSecond.toFixed(0).padStart(6)} mails/s  ${r.cpuMsPerMail.toFixed(3)} ms CPU/mail`,
    );
  console.log(
    `take / parse alone: ${(full.cpuMsPerMail / baseline.cpuMsPerMail).toFixed(2)}× the CPU per mail, ${(baseline.perSecond / full.perSecond).toFixed(2)}× the time (${count} mails each, same run)`,
  );
}

void main();
