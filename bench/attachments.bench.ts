/**
 * Attachments: a 20 MB file uploaded through the app's upload URL (begin → PUT straight to Blob → complete)
 * and downloaded through its read URL (GET → 302 → blob), beside a direct Blob SDK upload and download of
 * the same bytes into the same Azurite in the same run, printed as ratios; and the local host's CPU per
 * attachment, for 20 MB files and for 1 KB files: the bytes never pass through a function, so the two
 * should be about the same (~0 CPU per MB).
 *
 * Run: npm run bench:attachments. Starts the local host (with its own Azurite). Nothing here asserts a
 * time. Settings (environment): ATTACH_ROUNDS (5), ATTACH_MB (20).
 */
import { readFileSync } from 'node:fs';
import { BlobServiceClient } from '@azure/storage-blob';
import { startLocalHost, type RunningLocalHost } from '../test/support/local-host';
import { contractClient } from '../test/support/contract';

const rounds = Number(process.env.ATTACH_ROUNDS ?? 5);
const megabytes = Number(process.env.ATTACH_MB ?? 20);

/** User plus system CPU of a process so far, in milliseconds (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function attach(host: RunningLocalHost, ticketId: string, bytes: Uint8Array, name: string) {
  const begin = await host.api(`/tickets/${ticketId}/attachments`, {
    method: 'POST',
    json: { fileName: name, contentType: 'text/plain', size: bytes.length },
  });
  const upload = (await begin.json()) as { id: string; uploadUrl: string };
  const put = await fetch(upload.uploadUrl, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: bytes });
  if (put.status !== 201) throw new Error(`PUT ${put.status}`);
  const done = await host.api(`/tickets/${ticketId}/attachments/${upload.id}/complete`, { method: 'POST' });
  if (done.status !== 200) throw new Error(`complete ${done.status}: ${await done.text()}`);
  return upload.id;
}

async function main(): Promise<void> {
  const host = await startLocalHost();
  try {
    await host.api('/clients/bench', { method: 'PUT', json: { ...contractClient(), ticketPrefix: 'BENCH' } });
    await host.api('/clients/bench/contacts/jo%40bench.example', {
      method: 'PUT',
      json: { name: 'Jo', roles: ['requester'] },
    });
    const newTicket = async () => {
      const res = await host.api('/tickets', {
        method: 'POST',
        json: {
          clientId: 'bench',
          title: 'Bench',
          description: 'Files',
          severity: 'cat2',
          type: 'defect',
          reporter: 'jo@bench.example',
        },
      });
      return ((await res.json()) as { id: string }).id;
    };
    const port = /Azurite started.*blob (\d+)/.exec(host.output())?.[1];
    const account = 'devstoreaccount1';
    const key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
    const sdk = BlobServiceClient.fromConnectionString(
      `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${key};BlobEndpoint=http://127.0.0.1:${port}/${account};`,
    ).getContainerClient('attachments');
    // A log-like text file: the type check reads its head, whatever its size.
    const big = new Uint8Array(megabytes * 1024 * 1024).fill(0x61);
    const small = new Uint8Array(1024).fill(0x61);
    const mbps = (ms: number) => megabytes / (ms / 1000);

    const app = { up: [] as number[], down: [] as number[] };
    const direct = { up: [] as number[], down: [] as number[] };
    const ticket = await newTicket();
    for (let round = 0; round < rounds; round++) {
      // Alternating which goes first, so neither always meets a warmer Azurite.
      for (const which of round % 2 === 0 ? ['app', 'direct'] : ['direct', 'app']) {
        if (which === 'app') {
          let t = performance.now();
          const id = await attach(host, ticket, big, `big-${round}.log`);
          app.up.push(performance.now() - t);
          t = performance.now();
          const redirect = await host.api(`/tickets/${ticket}/attachments/${id}`, { redirect: 'manual' });
          const file = await fetch(redirect.headers.get('location') ?? '');
          const length = (await file.arrayBuffer()).byteLength;
          if (length !== big.length) throw new Error(`downloaded ${length} bytes`);
          app.down.push(performance.now() - t);
        } else {
          const blob = sdk.getBlockBlobClient(`direct/${round}`);
          let t = performance.now();
          await blob.uploadData(big);
          direct.up.push(performance.now() - t);
          t = performance.now();
          const length = (await blob.downloadToBuffer()).byteLength;
          if (length !== big.length) throw new Error(`downloaded ${length} bytes`);
          direct.down.push(performance.now() - t);
        }
      }
    }

    // The host's CPU per attachment (begin + complete + one download redirect), big files against small.
    // The host also spends CPU while idle (the outbox relay, the Durable engine and the topic pump poll),
    // which a slower (bigger) upload would be charged for: that idle rate is measured and taken off.
    const pid = host.pids().host;
    const idleStart = cpuMs(pid);
    const idleWall = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const idlePerMs = (cpuMs(pid) - idleStart) / (performance.now() - idleWall);
    const cpuPer = async (bytes: Uint8Array, count: number) => {
      const id = await newTicket();
      const before = cpuMs(pid);
      const wall = performance.now();
      for (let i = 0; i < count; i++) {
        const aid = await attach(host, id, bytes, `f-${i}.log`);
        await host.api(`/tickets/${id}/attachments/${aid}`, { redirect: 'manual' });
      }
      const raw = (cpuMs(pid) - before) / count;
      return { raw, busy: raw - (idlePerMs * (performance.now() - wall)) / count };
    };
    const cpuSmall = await cpuPer(small, rounds * 2);
    const cpuBig = await cpuPer(big, rounds * 2);

    const line = (label: string, a: number[], d: number[]) =>
      `${label.padEnd(34)} app ${mbps(median(a)).toFixed(0).padStart(5)} MB/s   direct SDK ${mbps(median(d))
        .toFixed(0)
        .padStart(5)} MB/s   ratio app/direct ${(median(d) / median(a)).toFixed(2)}`;
    console.log(`attachments: ${megabytes} MB file, ${rounds} rounds, medians, this machine`);
    console.log(line('upload (URL PUT + complete)', app.up, direct.up));
    console.log(line('download (302 + read URL)', app.down, direct.down));
    console.log(
      `host CPU per attachment (begin, complete, download redirect): 1 KB files ${cpuSmall.raw.toFixed(1)} ms, ` +
        `${megabytes} MB files ${cpuBig.raw.toFixed(1)} ms; less the idle rate (${(idlePerMs * 1000).toFixed(0)} ms CPU/s): ` +
        `${cpuSmall.busy.toFixed(1)} ms and ${cpuBig.busy.toFixed(1)} ms, ${((cpuBig.busy - cpuSmall.busy) / megabytes).toFixed(2)} ms per MB`,
    );
  } finally {
    await host.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
