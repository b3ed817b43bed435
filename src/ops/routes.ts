/** `/healthz` and `/metrics`, served next to Probot's webhook endpoint. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WorkQueue } from '../queue/work-queue.js';
import type { Metrics } from './metrics.js';

export function operationsRoutes(queue: WorkQueue, metrics: Metrics) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET') return false;
    if (path === '/healthz') {
      const [healthy, stats] = await Promise.all([queue.healthy().catch(() => false), queue.stats().catch(() => null)]);
      const body = { status: healthy ? 'ok' : 'unavailable', queue: queue.kind, depth: stats?.depth ?? null, oldestAgeSeconds: stats?.oldestAgeSeconds ?? null };
      response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return true;
    }
    if (path === '/metrics') {
      const text = await metrics.registry.metrics();
      response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text);
      return true;
    }
    return false;
  };
}
