/**
 * The checks amoCRM's "upload widget archive" applies (and the ones it should), as pure functions
 * over the archive's files: name → bytes. scripts/validate-archive.ts runs them on widget.zip;
 * test/unit/widget/validate-archive.test.ts breaks an archive one rule at a time.
 * Source: platform reference §1 (archive layout, manifest, locations, i18n, images) and §2.1 (AMD).
 */
import { runInNewContext } from 'node:vm';

export type ArchiveFiles = ReadonlyMap<string, Uint8Array>;

export const MAX_IMAGE_BYTES = 300 * 1024;

export const LOGO_SIZES: Readonly<Record<string, { width: number; height: number }>> = {
  'images/logo_main.png': { width: 400, height: 272 },
  'images/logo.png': { width: 130, height: 100 },
  'images/logo_small.png': { width: 108, height: 108 },
  'images/logo_medium.png': { width: 240, height: 84 },
  'images/logo_min.png': { width: 84, height: 84 },
};
export const LOGO_DP = { path: 'images/logo_dp.png', width: 174, height: 109 } as const;

/** Card and list areas take a `-0`/`-1` suffix (draw in the right panel or not); the rest take none. */
const SUFFIXED_LOCATIONS = ['lcard', 'ccard', 'comcard', 'cucard', 'llist', 'clist', 'culist', 'tlist'];
const PLAIN_LOCATIONS = [
  'settings', 'advanced_settings', 'card_sdk', 'catalogs', 'digital_pipeline', 'lead_sources', 'widget_page',
  'sms', 'mobile_card', 'salesbot_designer', 'website_chat_button', 'whatsapp_modal', 'everywhere',
];
const SETTING_TYPES = ['text', 'pass', 'users', 'users_lp', 'custom'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
/** Errors thrown inside the VM come from another realm: `instanceof Error` is false for them. */
const messageOf = (error: unknown): string =>
  isObject(error) && typeof error.message === 'string' ? error.message : String(error);

export function isValidLocation(location: string): boolean {
  if (PLAIN_LOCATIONS.includes(location)) return true;
  const [base, suffix, ...rest] = location.split('-');
  return rest.length === 0 && SUFFIXED_LOCATIONS.includes(base ?? '') && (suffix === undefined || suffix === '0' || suffix === '1');
}

function parseJsonFile(files: ArchiveFiles, path: string, problems: string[]): unknown {
  const bytes = files.get(path);
  if (!bytes) return undefined;
  try {
    return JSON.parse(decode(bytes));
  } catch (error) {
    problems.push(`${path}: not valid JSON (${messageOf(error)})`);
    return undefined;
  }
}

/** manifest.json must sit at the archive root, not inside a wrapping folder. */
export function checkLayout(files: ArchiveFiles): string[] {
  if (files.has('manifest.json')) return [];
  const nested = [...files.keys()].find((name) => name.endsWith('/manifest.json'));
  return [nested
    ? `manifest.json is at ${nested}: zip the folder's contents so manifest.json is at the archive root`
    : 'manifest.json is missing from the archive root'];
}

function checkWidgetBlock(widget: unknown): string[] {
  if (!isObject(widget)) return ['manifest.json: "widget" block is missing'];
  const problems: string[] = [];
  for (const key of ['name', 'description', 'short_description']) {
    if (!isNonEmptyString(widget[key])) problems.push(`manifest.json: widget.${key} must be an i18n key (a non-empty string)`);
  }
  if (typeof widget.version !== 'string' || !/^\d+\.\d+\.\d+/.test(widget.version)) {
    problems.push(`manifest.json: widget.version must be a version like 1.2.3 (got ${JSON.stringify(widget.version)})`);
  }
  if (widget.interface_version !== 2) {
    problems.push(`manifest.json: widget.interface_version must be 2 (got ${JSON.stringify(widget.interface_version)})`);
  }
  if (!Array.isArray(widget.locale) || widget.locale.length === 0 || !widget.locale.every(isNonEmptyString)) {
    problems.push('manifest.json: widget.locale must be a non-empty array of locale codes');
  }
  if (typeof widget.installation !== 'boolean') problems.push('manifest.json: widget.installation must be true or false');
  if (widget.init_once !== undefined && typeof widget.init_once !== 'boolean') {
    problems.push('manifest.json: widget.init_once must be true or false');
  }
  const support = widget.support;
  if (!isObject(support) || !isNonEmptyString(support.link) || !isNonEmptyString(support.email)) {
    problems.push('manifest.json: widget.support needs a link and an email');
  } else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(support.email)) {
    problems.push(`manifest.json: widget.support.email is not an e-mail address: ${support.email}`);
  }
  return problems;
}

function checkSettingsFields(fields: unknown, where: string): string[] {
  if (fields === undefined) return [];
  if (!isObject(fields)) return [`manifest.json: ${where} must be an object of fields`];
  const problems: string[] = [];
  let customCount = 0;
  for (const [code, field] of Object.entries(fields)) {
    if (!isObject(field)) {
      problems.push(`manifest.json: ${where}.${code} must be an object`);
      continue;
    }
    if (!isNonEmptyString(field.name)) problems.push(`manifest.json: ${where}.${code}.name must be an i18n key`);
    if (typeof field.type !== 'string' || !SETTING_TYPES.includes(field.type)) {
      problems.push(`manifest.json: ${where}.${code}.type must be one of ${SETTING_TYPES.join(', ')} (got ${JSON.stringify(field.type)})`);
    }
    if (field.type === 'custom') customCount += 1;
    if (typeof field.required !== 'boolean') problems.push(`manifest.json: ${where}.${code}.required must be true or false`);
  }
  if (customCount > 1) problems.push(`manifest.json: ${where} may have only one "custom" field (has ${customCount})`);
  return problems;
}

/** Shape of manifest.json, and the blocks each location needs (and vice versa). */
export function checkManifest(manifest: unknown, files: ArchiveFiles): string[] {
  if (!isObject(manifest)) return ['manifest.json: must be a JSON object'];
  const problems = checkWidgetBlock(manifest.widget);
  const locations = Array.isArray(manifest.locations) ? manifest.locations : null;
  if (!locations || locations.length === 0) problems.push('manifest.json: locations must be a non-empty array');
  const list = (locations ?? []).filter((l): l is string => typeof l === 'string');
  for (const location of locations ?? []) {
    if (typeof location !== 'string' || !isValidLocation(location)) problems.push(`manifest.json: unknown location ${JSON.stringify(location)}`);
  }
  problems.push(...checkSettingsFields(manifest.settings, 'settings'));

  const advanced = manifest.advanced;
  if (advanced !== undefined && !list.includes('advanced_settings')) {
    problems.push('manifest.json: an "advanced" block needs the advanced_settings location');
  }
  if (list.includes('advanced_settings') && (!isObject(advanced) || !isNonEmptyString(advanced.title))) {
    problems.push('manifest.json: the advanced_settings location needs "advanced": { "title": "<i18n key>" }');
  }

  const dp = manifest.dp;
  if (dp !== undefined) {
    if (!list.includes('digital_pipeline')) problems.push('manifest.json: a "dp" block needs the digital_pipeline location');
    if (!files.has(LOGO_DP.path)) problems.push(`manifest.json: a "dp" block needs ${LOGO_DP.path}`);
    if (!isObject(dp)) {
      problems.push('manifest.json: dp must be an object');
    } else {
      if (typeof dp.webhook_url !== 'string' || !/^https:\/\/[^\s/]+/.test(dp.webhook_url)) {
        problems.push(`manifest.json: dp.webhook_url must be an https:// URL (got ${JSON.stringify(dp.webhook_url)})`);
      }
      if (typeof dp.action_multiple !== 'boolean') problems.push('manifest.json: dp.action_multiple must be true or false');
      problems.push(...checkSettingsFields(dp.settings, 'dp.settings'));
    }
  } else if (list.includes('digital_pipeline')) {
    problems.push('manifest.json: the digital_pipeline location needs a "dp" block');
  }
  return problems;
}

/** Every i18n key the manifest names (name, descriptions, settings, advanced title, dp settings). */
export function manifestI18nKeys(manifest: unknown): string[] {
  if (!isObject(manifest)) return [];
  const keys: unknown[] = [];
  if (isObject(manifest.widget)) keys.push(manifest.widget.name, manifest.widget.description, manifest.widget.short_description);
  const fieldNames = (fields: unknown) => (isObject(fields) ? Object.values(fields).map((f) => (isObject(f) ? f.name : undefined)) : []);
  keys.push(...fieldNames(manifest.settings));
  if (isObject(manifest.advanced)) keys.push(manifest.advanced.title);
  if (isObject(manifest.dp)) keys.push(...fieldNames(manifest.dp.settings));
  if (isObject(manifest.tour)) keys.push(manifest.tour.tour_description);
  return keys.filter(isNonEmptyString);
}

/** Dotted paths of every leaf in a locale file, e.g. `widget.name`. */
export function leafKeys(tree: unknown, prefix = ''): string[] {
  if (!isObject(tree)) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => leafKeys(value, prefix ? `${prefix}.${key}` : key));
}

function lookup(tree: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), tree);
}

/**
 * One line per locale that lacks keys another locale has, naming each missing key and where it is
 * (`i18n/es.json lacks 2 keys: focus.undo (in ru, en), …`): when ru and en grow while es and pt
 * wait for translation, the list is the translator's to-do.
 */
export function compareKeyTrees(trees: ReadonlyMap<string, unknown>): string[] {
  const keysOf = new Map([...trees].map(([locale, tree]) => [locale, new Set(leafKeys(tree))] as const));
  const all = [...new Set([...keysOf.values()].flatMap((keys) => [...keys]))].sort();
  const problems: string[] = [];
  for (const [locale, keys] of keysOf) {
    const missing = all.filter((key) => !keys.has(key));
    if (missing.length === 0) continue;
    const where = (key: string) => [...keysOf].filter(([, other]) => other.has(key)).map(([name]) => name).join(', ');
    problems.push(`i18n/${locale}.json lacks ${missing.length} key${missing.length === 1 ? '' : 's'}: ${missing.map((key) => `${key} (in ${where(key)})`).join(', ')}`);
  }
  return problems;
}

/** Each locale file exists, holds every manifest key as a string, and all share one key tree. */
export function checkI18n(manifest: unknown, files: ArchiveFiles): string[] {
  const problems: string[] = [];
  const locales = isObject(manifest) && isObject(manifest.widget) && Array.isArray(manifest.widget.locale)
    ? manifest.widget.locale.filter(isNonEmptyString) : [];
  const trees = new Map<string, unknown>();
  for (const locale of locales) {
    const path = `i18n/${locale}.json`;
    if (!files.has(path)) {
      problems.push(`${path} is missing (locale "${locale}" is listed in widget.locale)`);
      continue;
    }
    const tree = parseJsonFile(files, path, problems);
    if (tree === undefined) continue;
    trees.set(locale, tree);
    for (const key of manifestI18nKeys(manifest)) {
      const value = lookup(tree, key);
      if (typeof value !== 'string' || value.trim() === '') problems.push(`${path}: key "${key}" named in manifest.json is missing or empty`);
    }
  }
  problems.push(...compareKeyTrees(trees));
  return problems;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the PNG header (IHDR is always the first chunk), or null if not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  if (decode(bytes.subarray(12, 16)) !== 'IHDR') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export function checkImages(manifest: unknown, files: ArchiveFiles): string[] {
  const required: Array<[string, { width: number; height: number }]> = Object.entries(LOGO_SIZES);
  if (isObject(manifest) && manifest.dp !== undefined) required.push([LOGO_DP.path, LOGO_DP]);
  const problems: string[] = [];
  for (const [path, expected] of required) {
    const bytes = files.get(path);
    if (!bytes) {
      problems.push(`${path} is missing`);
      continue;
    }
    if (bytes.length > MAX_IMAGE_BYTES) problems.push(`${path} is ${bytes.length} bytes; the limit is ${MAX_IMAGE_BYTES}`);
    const size = pngSize(bytes);
    if (!size) problems.push(`${path} is not a PNG`);
    else if (size.width !== expected.width || size.height !== expected.height) {
      problems.push(`${path} is ${size.width}x${size.height}; it must be ${expected.width}x${expected.height}`);
    }
  }
  return problems;
}

/**
 * Runs script.js in an empty VM context with a recording `define`, the way RequireJS would load
 * it: it must call define() exactly once, anonymously, with string dependencies, and the factory
 * must return a plain constructor function (not a class: amoCRM calls it with its own `this`).
 */
export function checkAmdModule(source: string): string[] {
  const calls: unknown[][] = [];
  const define = (...args: unknown[]) => { calls.push(args); };
  define.amd = {};
  const noop = () => undefined;
  // Just enough of a browser for a module's top level: libraries capture timers at load time.
  const sandbox: Json = {
    define, console: { error: noop, warn: noop }, document: {},
    setTimeout: noop, clearTimeout: noop, setInterval: noop, clearInterval: noop, requestAnimationFrame: noop,
  };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  try {
    runInNewContext(source, sandbox, { filename: 'script.js', timeout: 2000 });
  } catch (error) {
    return [`script.js throws while loading: ${messageOf(error)}`];
  }
  if (calls.length !== 1) return [`script.js must call define() exactly once (called ${calls.length} times)`];
  const [deps, factory, ...rest] = calls[0] ?? [];
  if (typeof deps === 'string') return ['script.js: define() must be anonymous (no module name): RequireJS loads it by URL'];
  if (!Array.isArray(deps) || !deps.every((d) => typeof d === 'string') || typeof factory !== 'function' || rest.length) {
    return ['script.js: expected define([dependency names], factory)'];
  }
  let value: unknown;
  try {
    value = (factory as (...m: unknown[]) => unknown)(...deps.map(() => ({})));
  } catch (error) {
    return [`script.js: the define() factory throws: ${messageOf(error)}`];
  }
  if (typeof value !== 'function') return [`script.js: the define() factory must return the widget constructor (got ${typeof value})`];
  if (/^class\b/.test(Function.prototype.toString.call(value))) {
    return ['script.js: the widget must be a constructor function, not a class'];
  }
  return [];
}

/** Every rule, in the order a person would fix them. Empty = the archive would upload. */
export function validateArchive(files: ArchiveFiles): string[] {
  const layout = checkLayout(files);
  if (layout.length) return layout;
  const problems: string[] = [];
  const manifest = parseJsonFile(files, 'manifest.json', problems);
  if (manifest === undefined) return problems;
  problems.push(...checkManifest(manifest, files), ...checkI18n(manifest, files), ...checkImages(manifest, files));
  const script = files.get('script.js');
  if (!script) problems.push('script.js is missing from the archive root');
  else problems.push(...checkAmdModule(decode(script)));
  return problems;
}
