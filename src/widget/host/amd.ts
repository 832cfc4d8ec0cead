/**
 * script.js must define an anonymous AMD module whose value is the widget constructor (platform
 * reference §2.1). We call the page's RequireJS `define` ourselves instead of webpack's
 * `library.type: 'amd'`, because in dev mode the module's value is another script's module and
 * that choice must be made before define() is called (same approach as the official template).
 */
import { isRecord } from '../../core/is-record';

type AmdFactory = (...modules: unknown[]) => unknown;
export type AmdDefine = (dependencies: string[], factory: AmdFactory) => void;

export function findAmdDefine(scope: unknown): AmdDefine | null {
  if (!isRecord(scope) || typeof scope.define !== 'function') return null;
  return scope.define as AmdDefine;
}
