/**
 * npm run dev [-- <port>]: a development build of the widget, rebuilt on change, served on
 * http://localhost:<port>/ (default 9000) for the dev loader in src/widget/host/dev-loader.ts.
 * In the amoCRM tab: localStorage.setItem('focus_refusals_is_dev', '9000') and reload; the
 * uploaded script.js then loads http://localhost:9000/script.js. Remove the key to stop.
 *
 * A 60-line node:http server instead of webpack-dev-server: we need static files + CORS headers,
 * not HMR or a websocket, and webpack-dev-server would add ~200 packages for that.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import webpack, { type Configuration } from 'webpack';

const ROOT = join(import.meta.dirname, '..');
const OUT_DIR = join(ROOT, '.data', 'widget-dev');
const port = Number(process.argv[2] ?? process.env.DEV_PORT ?? 9000);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  process.stderr.write(`not a port: ${process.argv[2] ?? process.env.DEV_PORT}\n`);
  process.exit(1);
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
};

/** The amoCRM page (https, another origin) loads these: CORS, CORP and Chrome's private-network preflight. */
function allowCrossOrigin(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', '*');
  res.setHeader('Access-Control-Allow-Private-Network', 'true');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Cache-Control', 'no-store');
}

const server = createServer((req, res) => {
  allowCrossOrigin(res);
  if (req.method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }
  const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  const file = normalize(join(OUT_DIR, urlPath));
  if (!file.startsWith(OUT_DIR + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    return;
  }
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});

type ConfigFactory = (env: Record<string, unknown>, argv: Record<string, unknown>) => Configuration;
// The config is plain JS (webpack reads it directly); import it by URL so TypeScript does not need its types.
const configUrl = pathToFileURL(join(ROOT, 'webpack.config.js')).href;
const { default: makeConfig } = (await import(configUrl)) as { default: ConfigFactory };
const compiler = webpack(makeConfig({ devServer: true, port }, { mode: 'development' }));

const watching = compiler.watch({ aggregateTimeout: 300 }, (error, stats) => {
  if (error) process.stderr.write(`${error.stack ?? error.message}\n`);
  else if (stats?.hasErrors()) process.stderr.write(`${stats.toString('errors-only')}\n`);
  else process.stdout.write(`built in ${stats ? stats.endTime - stats.startTime : 0} ms\n`);
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`dev widget on http://localhost:${port}/script.js\n`);
  process.stdout.write(`in the amoCRM tab: localStorage.setItem('focus_refusals_is_dev', '${port}'); location.reload()\n`);
});

const stop = () => {
  const exit = () => server.close(() => process.exit(0));
  if (watching) watching.close(exit);
  else exit();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
