/** The tests' Redis is the one the load benchmark starts too. */
export { startRedis, type TestRedis } from '../../src/bench/load/redis-process.js';
