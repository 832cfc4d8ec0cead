/**
 * npm run validate: checks widget.zip the way amoCRM's upload would (rules in ./archive-rules.ts).
 * Exit code 1 with one line per problem. Run `npm run build` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { validateArchive } from './archive-rules';

const zipPath = join(import.meta.dirname, '..', 'widget.zip');

if (!existsSync(zipPath)) {
  process.stderr.write(`${zipPath} not found: run \`npm run build\` first\n`);
  process.exit(1);
}

let files: Map<string, Uint8Array>;
try {
  files = new Map(Object.entries(unzipSync(readFileSync(zipPath))).filter(([name]) => !name.endsWith('/')));
} catch (error) {
  process.stderr.write(`widget.zip is not a readable zip archive: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

const problems = validateArchive(files);
if (problems.length > 0) {
  process.stderr.write(`widget.zip would be rejected (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n`);
  for (const problem of problems) process.stderr.write(`  - ${problem}\n`);
  process.exit(1);
}
process.stdout.write(`widget.zip OK: ${files.size} files, manifest, locales, images and AMD module checked\n`);
