/**
 * Drops deliveries that Probot itself would turn into an HTTP 500 before any
 * handler runs. Probot's webhook transform authenticates every event with
 * `payload.installation.id` as it finds it, and Octokit throws on an id that
 * is not a number; a payload that is not an object fails even earlier. Such a
 * delivery gets a warning naming it and no request; everything else goes on
 * to Probot unchanged (signature checks included), and the handlers validate
 * the fields they use (payloads.ts).
 */
import type { Probot } from 'probot';

type Webhooks = Probot['webhooks'];

/** Why Probot could not even start on this payload, or null when it can. */
export function unroutablePayload(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return 'the payload is not an object';
  const installation = (payload as { installation?: unknown }).installation;
  if (typeof installation !== 'object' || installation === null) return null;
  const id = (installation as { id?: unknown }).id;
  if (id === undefined || id === null || (typeof id === 'number' && Number.isSafeInteger(id) && id > 0)) return null;
  return 'installation.id is not a positive integer';
}

export function guardDeliveries(app: Probot): void {
  const webhooks: Webhooks = app.webhooks;
  const warn = (id: string, name: string, problem: string): void =>
    app.log.warn({ delivery: id, event: name, problems: [problem] }, `ignored malformed ${name} delivery ${id}`);

  const receive = webhooks.receive.bind(webhooks);
  webhooks.receive = async (event) => {
    const problem = unroutablePayload(event.payload);
    if (problem) return warn(event.id, event.name, problem);
    return receive(event);
  };

  const verifyAndReceive = webhooks.verifyAndReceive.bind(webhooks);
  webhooks.verifyAndReceive = async (event) => {
    // Only a delivery GitHub signed is looked at; the rest fail Probot's own signature check as before.
    if (typeof event.payload === 'string' && (await webhooks.verify(event.payload, event.signature).catch(() => false))) {
      const problem = unroutablePayload(parseJson(event.payload));
      if (problem) return warn(event.id, event.name, problem);
    }
    return verifyAndReceive(event);
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {}; // not JSON: Probot answers that itself (400)
  }
}
