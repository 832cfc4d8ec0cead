/**
 * A tiny typed translator over the locale object amoCRM hands the widget (`self.langs`, the parsed
 * i18n/<lang>.json). The key type is derived from i18n/en.json, so a typo in a key fails to compile;
 * the dictionaries themselves are never bundled — the platform already loaded the right one.
 */
import type messages from '../../i18n/en.json';

type LeafKeys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : LeafKeys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MessageKey = LeafKeys<typeof messages>;
export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

function lookup(dictionary: unknown, key: string): unknown {
  let node = dictionary;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** `{name}` placeholders are replaced from `params`; unknown placeholders stay visible on purpose. */
function interpolate(template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    return value === undefined ? match : String(value);
  });
}

/**
 * A missing key renders as the key itself: visible in the UI and in tests, but never a crash
 * inside someone else's page.
 */
export function createTranslator(dictionary: unknown): Translate {
  return (key, params) => {
    const found = lookup(dictionary, key);
    return typeof found === 'string' ? interpolate(found, params) : key;
  };
}
