/**
 * The real manifest.json and i18n files, and every `t('…')` key used in src/widget: a key used in
 * code but missing from a locale would show up as the raw key in someone's amoCRM.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareKeyTrees, leafKeys, manifestI18nKeys } from '../../../scripts/archive-rules';
import { createTranslator } from '../../../src/widget/i18n';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const manifest = readJson('manifest.json') as { widget: { locale: string[] } };
/** Every language the manifest offers: amoCRM.ru's ru and en, Kommo's es and pt. */
const locales: Record<string, unknown> = Object.fromEntries(manifest.widget.locale.map((code) => [code, readJson(`i18n/${code}.json`)]));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Keys passed to t('…') literally, plus the 'a.b.c' literals in the advanced tabs table. */
function keysUsedInWidgetSource(): string[] {
  const keys = new Set<string>();
  for (const file of sourceFiles(join(ROOT, 'src', 'widget'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\('([a-z_.]+)'/g)) keys.add(match[1] ?? '');
    for (const match of text.matchAll(/'((?:advanced|launcher|card|connection|common|widget)\.[a-z_.]+)'/g)) keys.add(match[1] ?? '');
  }
  return [...keys].sort();
}

describe('manifest and locales', () => {
  it('offers Kommo\'s languages beside amoCRM\'s', () => {
    expect(Object.keys(locales)).toEqual(['ru', 'en', 'es', 'pt']);
  });

  it('has identical key trees in every language, naming any key a language lacks', () => {
    // One line per language, e.g. "i18n/es.json lacks 1 key: focus.undo (in ru, en)".
    expect(compareKeyTrees(new Map(Object.entries(locales)))).toEqual([]);
    expect(leafKeys(locales.ru).length).toBeGreaterThan(400);
  });

  it('reports each missing key with the languages that have it', () => {
    const trees = new Map<string, unknown>([['ru', { a: { b: 'x', c: 'y' } }], ['en', { a: { b: 'x', c: 'y' } }], ['es', { a: { b: 'x' } }], ['pt', { a: { b: 'x', d: 'z' } }]]);
    expect(compareKeyTrees(trees)).toEqual([
      'i18n/ru.json lacks 1 key: a.d (in pt)',
      'i18n/en.json lacks 1 key: a.d (in pt)',
      'i18n/es.json lacks 2 keys: a.c (in ru, en), a.d (in pt)',
      'i18n/pt.json lacks 1 key: a.c (in ru, en)',
    ]);
  });

  it.each(Object.entries(locales))('keeps each message\'s placeholders a subset of the English ones in %s', (_locale, tree) => {
    const english = createTranslator(locales.en);
    const t = createTranslator(tree);
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const wrong = leafKeys(tree).filter((key) => names(t(key as never)).some((name) => !names(english(key as never)).includes(name)));
    expect(wrong).toEqual([]);
  });

  // A translation that drops `#{id}` turns «Stage #12 no longer exists» into «A stage no longer
  // exists» — the admin cannot tell which one to fix.
  it.each(Object.entries(locales))('keeps every placeholder the English message names in %s', (_locale, tree) => {
    const english = createTranslator(locales.en);
    const t = createTranslator(tree);
    const names = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
    const dropped = leafKeys(tree).filter((key) => [...names(english(key as never))].some((name) => !names(t(key as never)).has(name)));
    expect(dropped).toEqual([]);
  });

  it.each(Object.entries(locales))('has every manifest key in %s', (_locale, tree) => {
    const t = createTranslator(tree);
    const keys = manifestI18nKeys(manifest);
    expect(keys.length).toBeGreaterThanOrEqual(7);
    for (const key of keys) expect(t(key as never), key).not.toBe(key);
  });

  it.each(Object.entries(locales))('has every key the widget code uses in %s', (_locale, tree) => {
    const used = keysUsedInWidgetSource();
    expect(used).toContain('launcher.title');
    const t = createTranslator(tree);
    expect(used.filter((key) => t(key as never) === key)).toEqual([]);
  });

  it('keeps the ready-count placeholder in every language', () => {
    for (const tree of Object.values(locales)) expect(createTranslator(tree)('launcher.ready', { count: 3 })).toContain('3');
  });
});

describe('createTranslator', () => {
  const t = createTranslator({ launcher: { ready: '{count} deals ready, {missing} stays' }, widget: { name: 'Focus' } });

  it('looks up nested keys and fills placeholders', () => {
    expect(t('widget.name')).toBe('Focus');
    expect(t('launcher.ready', { count: 4 })).toBe('4 deals ready, {missing} stays');
  });

  it('shows the key itself when a string is missing, instead of failing', () => {
    expect(t('card.heading')).toBe('card.heading');
    expect(createTranslator(undefined)('card.heading')).toBe('card.heading');
  });
});
