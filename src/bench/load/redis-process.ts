/**
 * A private redis-server for the tests and the load benchmark: started on a
 * free loopback port, with no persistence, and stopped afterwards. `.ci/run`
 * installs the Debian package; set READINESS_TEST_REDIS_URL to use a running
 * server instead.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

export async function startRedis(): Promise<TestRedis> {
  const given = process.env.READINESS_TEST_REDIS_URL;
  const port = given ? 0 : await freePort();
  const url = given ?? `redis://127.0.0.1:${port}`;
  const child = given ? null : spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  let failure: Error | null = null;
  child?.once('error', (error) => {
    failure = new Error(`could not start redis-server (${error.message}); install it with "apt-get install redis-server" or set READINESS_TEST_REDIS_URL`);
  });
  const client = await connectWhenReady(url, () => failure);
  return {
    url,
    flush: async () => void (await client.flushall()),
    stop: async () => {
      client.disconnect();
      if (!child) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Polls until the server answers PING (it takes a moment to start listening). */
async function connectWhenReady(url: string, failed: () => Error | null): Promise<Redis> {
  for (let attempt = 0; ; attempt += 1) {
    const failure = failed();
    if (failure) throw failure;
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined); // refused while the server starts: retried below
    try {
      await client.connect();
      await client.ping();
      return client;
    } catch (error) {
      client.disconnect();
      if (attempt > 100) throw new Error(`redis-server at ${url} did not answer: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
