/** A tiny static file server (no extra dependency): content types, no path escape, optional no-cache. */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'application/javascript; charset=utf-8', '.mjs': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg', '.ico': 'image/x-icon', '.map': 'application/json', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
};

export async function sendFile(reply: FastifyReply, root: string, relative: string, opts: { noCache?: boolean } = {}): Promise<FastifyReply> {
  const base = resolve(root);
  const file = resolve(base, `.${sep}${decodeURIComponent(relative)}`);
  if (file !== base && !file.startsWith(base + sep)) return reply.code(403).type('text/plain').send('Forbidden');
  try {
    const content = await readFile(file);
    if (opts.noCache) reply.header('cache-control', 'no-cache, no-store, must-revalidate');
    return reply.code(200).type(TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream').send(content);
  } catch {
    return reply.code(404).type('text/plain').send('Not found');
  }
}
