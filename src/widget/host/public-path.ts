/**
 * Lazy chunks must load from where amoCRM serves the uploaded archive (self.params.path), which
 * is only known at run time. Set before the first dynamic import. The dev-server build keeps its
 * own localhost public path.
 * https://webpack.js.org/guides/public-path/#on-the-fly
 */
declare let __webpack_public_path__: string;
declare const __FR_DEV_SERVER__: boolean;

export function applyPublicPath(archivePath: string): void {
  // Outside webpack (unit tests) neither identifier exists; webpack replaces both `typeof`s.
  if (typeof __webpack_public_path__ === 'undefined') return;
  if (typeof __FR_DEV_SERVER__ !== 'undefined' && __FR_DEV_SERVER__) return;
  __webpack_public_path__ = `${archivePath.replace(/\/+$/, '')}/`;
}
