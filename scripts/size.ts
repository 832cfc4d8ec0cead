/**
 * npm run size: the initial download amoCRM makes on every page is widget/script.js; lazy chunks
 * are fetched only when a view opens. Budget: 20 KB gzip (level 6, what web servers use).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 20 * 1024;
/** The analytics workspace chunk (issue 11); date-fns and the amoCRM client it shares are already loaded by the launcher. */
const ANALYTICS_GOAL_BYTES = 25_000;
const widgetDir = join(import.meta.dirname, '..', 'widget');
const gzipBytes = (path: string): number => gzipSync(readFileSync(path), { level: 6 }).length;

const script = join(widgetDir, 'script.js');
if (!existsSync(script)) {
  process.stderr.write(`${script} not found: run \`npm run build\` first\n`);
  process.exit(1);
}

const scriptGzip = gzipBytes(script);
process.stdout.write(`BENCH script_gzip_bytes ${scriptGzip} bytes\n`);

const chunkDir = join(widgetDir, 'chunks');
if (existsSync(chunkDir)) {
  for (const file of readdirSync(chunkDir).filter((f) => f.endsWith('.js')).sort()) {
    const name = file.replace(/\.[0-9a-f]{8}\.js$/, '').replace(/\W/g, '_');
    process.stdout.write(`BENCH chunk_${name}_gzip_bytes ${gzipBytes(join(chunkDir, file))} bytes\n`);
  }
}

let analyticsGzip: number | null = null;
const analyticsChunk = existsSync(chunkDir) ? readdirSync(chunkDir).find((f) => /^analytics\.[0-9a-f]{8}\.js$/.test(f)) : undefined;
if (analyticsChunk !== undefined) {
  analyticsGzip = gzipBytes(join(chunkDir, analyticsChunk));
  process.stdout.write(`BENCH analytics_chunk_gzip_bytes ${analyticsGzip} bytes\n`);
}

if (analyticsGzip !== null && analyticsGzip > ANALYTICS_GOAL_BYTES) {
  process.stderr.write(`the analytics chunk is ${analyticsGzip} bytes gzip, over its ${ANALYTICS_GOAL_BYTES}-byte goal\n`);
  process.exitCode = 1;
}

if (scriptGzip > BUDGET_BYTES) {
  process.stderr.write(`script.js is ${scriptGzip} bytes gzip, over the ${BUDGET_BYTES}-byte budget: move views into lazy chunks\n`);
  process.exit(1);
}
