import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { bearerIs } from '../admin-bearer';
import type { HostRoute } from '../http-gateway';
import { writeProblem } from '../host-responses';
import type { BusFaults } from './bus-faults';
import type { LocalTopicPump } from './local-topic-pump';

export const devFaultsPath = '/api/dev/faults';
export const devTopicPath = '/api/dev/topic';
export const devTopicDrainPath = '/api/dev/topic/drain';

const faultsSchema = z.strictObject({ bus: z.enum(['up', 'down']) });

/** How long `POST /api/dev/topic/drain` waits at most. */
const drainTimeoutMs = 60_000;

/**
 * Local-host-only routes (they are not function registrations and do not exist in Azure), admin key only:
 * - `GET|POST /api/dev/faults` `{ "bus": "down" | "up" }`: switches the local topic off and on;
 * - `GET /api/dev/topic`: messages waiting and dead-lettered per subscription queue;
 * - `POST /api/dev/topic/drain`: answers once the relay has published what it was given, every
 *   subscription queue is empty and no deliverer runs,
 *   so a test can assert on deliveries without sleeping.
 */
export function devTopicRoutes(options: {
  adminKey: string;
  faults: BusFaults;
  pump: LocalTopicPump;
  relayed?: () => Promise<void>;
}): HostRoute {
  return async (req, res, body) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (path !== devFaultsPath && path !== devTopicPath && path !== devTopicDrainPath) return false;
    if (!bearerIs(req, options.adminKey)) {
      writeProblem(res, 401, 'Unauthorized', 'Send the admin key as `Authorization: Bearer <key>`.');
      return true;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    if (path === devFaultsPath) return handleFaults(method, body, res, options.faults);
    if (path === devTopicPath && method === 'GET') {
      writeJson(res, 200, { faults: options.faults.describe(), subscriptions: await options.pump.stats() });
      return true;
    }
    if (path === devTopicDrainPath && method === 'POST') {
      // Publishes still under way (the relay works after the responses) come first: then the queues.
      await options.relayed?.();
      const drained = await options.pump.drained(drainTimeoutMs);
      if (drained) writeJson(res, 200, { drained: true, subscriptions: await options.pump.stats() });
      else
        writeProblem(
          res,
          504,
          'Not drained',
          `The subscription queues still had messages after ${drainTimeoutMs / 1000} s.`,
        );
      return true;
    }
    res.setHeader('allow', path === devTopicPath ? 'GET' : 'POST');
    writeProblem(res, 405, 'Method not allowed', `${method} is not allowed on ${path}.`);
    return true;
  };
}

function handleFaults(method: string, body: Buffer, res: ServerResponse, faults: BusFaults): boolean {
  if (method === 'GET') {
    writeJson(res, 200, faults.describe());
    return true;
  }
  if (method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    writeProblem(res, 405, 'Method not allowed', 'Use GET to read the faults or POST to set them.');
    return true;
  }
  let parsed: z.ZodSafeParseResult<z.infer<typeof faultsSchema>>;
  try {
    parsed = faultsSchema.safeParse(JSON.parse(body.toString('utf8')));
  } catch {
    writeProblem(res, 400, 'Invalid request', 'The body must be JSON: { "bus": "down" | "up" }.');
    return true;
  }
  if (!parsed.success) {
    writeProblem(res, 400, 'Invalid request', 'The body must be { "bus": "down" | "up" }.');
    return true;
  }
  faults.set(parsed.data.bus);
  writeJson(res, 200, faults.describe());
  return true;
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
