// Builds the uploadable widget: widget/script.js (AMD, see src/widget/index.ts) + lazy chunks +
// manifest.json (version stamped) + i18n/ + images/, and widget.zip of that folder's contents with
// manifest.json at the archive root (platform reference §1.1, §2.7).
//   npm run build                       production archive
//   webpack --mode development --env devServer --env port=9000 --watch   (what `npm run dev` runs)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import webpack from 'webpack';
import { zipSync } from 'fflate';

const ROOT = import.meta.dirname;
const WIDGET_DIR = join(ROOT, 'widget');
const DEV_DIR = join(ROOT, '.data', 'widget-dev');
const ZIP_PATH = join(ROOT, 'widget.zip');
const ESBUILD_TARGET = 'es2020';
// Zip entries get a fixed time so the same sources give a byte-identical archive.
const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');

/** Names the page's RequireJS provides; never bundled (src/widget/index.ts lists the ones in use). */
const HOST_MODULES = ['jquery', 'underscore', 'twigjs', 'moment', 'lib/components/base/modal'];

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** manifest.json with the package version and, when DP_WEBHOOK_URL is set, the real DP webhook. */
export function stampManifest(manifest, { version, dpWebhookUrl }) {
  const stamped = structuredClone(manifest);
  stamped.widget.version = version;
  if (dpWebhookUrl && stamped.dp) stamped.dp.webhook_url = dpWebhookUrl;
  return stamped;
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => join(dir, entry.name));
}

/** Emits manifest, i18n and images next to script.js, then zips every emitted file. */
class WidgetArchivePlugin {
  apply(compiler) {
    const { RawSource } = compiler.webpack.sources;
    compiler.hooks.thisCompilation.tap('WidgetArchivePlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'WidgetArchivePlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          const manifest = stampManifest(readJson(join(ROOT, 'manifest.json')), {
            version: readJson(join(ROOT, 'package.json')).version,
            dpWebhookUrl: process.env.DP_WEBHOOK_URL,
          });
          compilation.emitAsset('manifest.json', new RawSource(`${JSON.stringify(manifest, null, 2)}\n`));
          for (const dir of ['i18n', 'images']) {
            for (const file of filesUnder(join(ROOT, dir))) {
              compilation.fileDependencies.add(file);
              compilation.emitAsset(relative(ROOT, file), new RawSource(readFileSync(file)));
            }
          }
        },
      );
    });
    // Emitted sources are released from memory after writing, so collect the bytes as they go out.
    let emitted = new Map();
    compiler.hooks.emit.tap('WidgetArchivePlugin', () => { emitted = new Map(); });
    compiler.hooks.assetEmitted.tap('WidgetArchivePlugin', (name, { content }) => {
      emitted.set(name, new Uint8Array(content));
    });
    compiler.hooks.afterEmit.tap('WidgetArchivePlugin', (compilation) => {
      if (compilation.errors.length > 0) return;
      const entries = {};
      for (const [name, bytes] of [...emitted].sort(([a], [b]) => a.localeCompare(b))) {
        entries[name] = [bytes, { mtime: ZIP_MTIME }];
      }
      writeFileSync(ZIP_PATH, zipSync(entries, { level: 9 }));
    });
  }
}

export default (env = {}, argv = {}) => {
  const devServer = Boolean(env.devServer);
  const port = Number(env.port ?? 9000);
  const mode = argv.mode ?? 'production';
  return {
    mode,
    target: ['web', ESBUILD_TARGET],
    devtool: mode === 'production' ? false : 'source-map',
    entry: { script: './src/widget/index.ts' },
    output: {
      path: devServer ? DEV_DIR : WIDGET_DIR,
      filename: 'script.js',
      chunkFilename: 'chunks/[name].[contenthash:8].js',
      // Other webpack bundles run on amoCRM's page: our chunk-loading global must not collide.
      uniqueName: 'focusRefusalsWidget',
      // Production: replaced at run time from self.params.path (src/widget/host/public-path.ts).
      publicPath: devServer ? `http://localhost:${port}/` : '',
      clean: true,
      // Always write (and so see) every file: the zip is made from what was emitted.
      compareBeforeEmit: false,
    },
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      // We call RequireJS's define() ourselves; webpack must not treat it as an AMD dependency.
      parser: { javascript: { amd: false } },
      rules: [
        {
          test: /\.[jt]sx?$/,
          loader: 'esbuild-loader',
          options: { target: ESBUILD_TARGET, jsx: 'automatic', jsxImportSource: 'preact' },
        },
      ],
    },
    // `require("jquery")` inside the bundle then goes to the page's RequireJS, which has the module
    // loaded because src/widget/index.ts lists it as a define() dependency (official template's way).
    externals: Object.fromEntries(HOST_MODULES.map((name) => [name, `commonjs2 ${name}`])),
    // webpack's default Terser minimizer: 15.1 KB gzip for script.js against 17.2 KB with
    // esbuild's minifier (Terser mangles webpack's runtime and module ids harder).
    performance: { hints: false },
    plugins: [
      new webpack.DefinePlugin({ __FR_DEV_SERVER__: JSON.stringify(devServer) }),
      ...(devServer ? [] : [new WidgetArchivePlugin()]),
    ],
    stats: 'errors-warnings',
  };
};
