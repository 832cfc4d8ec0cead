import { describe, expect, it } from 'vitest';
import {
  checkAmdModule, isValidLocation, leafKeys, manifestI18nKeys, pngSize, validateArchive,
} from '../../../scripts/archive-rules';

const encode = (text: string) => new TextEncoder().encode(text);

/** The smallest bytes pngSize accepts: signature + IHDR header; `padTo` inflates the file size. */
function fakePng(width: number, height: number, padTo = 33): Uint8Array {
  const bytes = new Uint8Array(Math.max(33, padTo));
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 0);
  bytes.set(encode('IHDR'), 12);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

interface FieldDraft { name: string; type: string; required: boolean }
/** Loose on purpose: each test breaks one rule by mutating a valid manifest. */
interface ManifestDraft {
  widget: {
    name?: string; description: string; short_description: string; version: string; interface_version: number;
    init_once: boolean; locale: string[]; installation: unknown; support?: { link: string; email: string };
  };
  locations: string[];
  settings: Record<string, FieldDraft>;
  advanced?: { title: string };
  dp?: { settings: Record<string, FieldDraft>; action_multiple: boolean; webhook_url: string };
}

function buildManifest(overrides: (m: ManifestDraft) => void = () => undefined): ManifestDraft {
  const manifest: ManifestDraft = {
    widget: {
      name: 'widget.name', description: 'widget.description', short_description: 'widget.short_description',
      version: '1.0.0', interface_version: 2, init_once: false, locale: ['ru', 'en'], installation: true,
      support: { link: 'https://example.com', email: 'help@example.com' },
    },
    locations: ['everywhere', 'lcard-1', 'settings', 'advanced_settings', 'digital_pipeline'],
    settings: { service_url: { name: 'settings.service_url', type: 'text', required: true } },
    advanced: { title: 'advanced.title' },
    dp: { settings: {}, action_multiple: false, webhook_url: 'https://example.com/dp' },
  };
  overrides(manifest);
  return manifest;
}

const LOCALE = {
  widget: { name: 'N', description: 'D', short_description: 'S' },
  settings: { service_url: 'URL' },
  advanced: { title: 'T' },
};

function buildArchive(edit: (files: Map<string, Uint8Array>) => void = () => undefined): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>([
    ['manifest.json', encode(JSON.stringify(buildManifest()))],
    ['i18n/ru.json', encode(JSON.stringify(LOCALE))],
    ['i18n/en.json', encode(JSON.stringify(LOCALE))],
    ['images/logo_main.png', fakePng(400, 272)],
    ['images/logo.png', fakePng(130, 100)],
    ['images/logo_small.png', fakePng(108, 108)],
    ['images/logo_medium.png', fakePng(240, 84)],
    ['images/logo_min.png', fakePng(84, 84)],
    ['images/logo_dp.png', fakePng(174, 109)],
    ['script.js', encode('define(["jquery"], function ($) { return function Widget() { this.callbacks = {}; return this; }; });')],
  ]);
  edit(files);
  return files;
}

const withManifest = (edit: (m: ManifestDraft) => void) =>
  buildArchive((files) => files.set('manifest.json', encode(JSON.stringify(buildManifest(edit)))));

describe('validateArchive', () => {
  it('accepts a complete archive', () => {
    expect(validateArchive(buildArchive())).toEqual([]);
  });

  it('rejects manifest.json inside a wrapping folder', () => {
    const files = buildArchive((f) => {
      const manifest = f.get('manifest.json');
      f.delete('manifest.json');
      if (manifest) f.set('widget/manifest.json', manifest);
    });
    expect(validateArchive(files)).toEqual([expect.stringContaining('is at widget/manifest.json')]);
  });

  it('rejects a manifest that is not JSON', () => {
    const files = buildArchive((f) => f.set('manifest.json', encode('{ "widget": ')));
    expect(validateArchive(files)).toEqual([expect.stringContaining('manifest.json: not valid JSON')]);
  });

  it.each([
    ['interface_version 1', (m: ManifestDraft) => { m.widget.interface_version = 1; }, 'interface_version must be 2'],
    ['a missing name', (m: ManifestDraft) => { delete m.widget.name; }, 'widget.name must be an i18n key'],
    ['a bad version', (m: ManifestDraft) => { m.widget.version = 'latest'; }, 'widget.version must be a version'],
    ['no locales', (m: ManifestDraft) => { m.widget.locale = []; }, 'widget.locale must be a non-empty array'],
    ['installation as a string', (m: ManifestDraft) => { m.widget.installation = 'yes'; }, 'widget.installation must be true or false'],
    ['no support block', (m: ManifestDraft) => { delete m.widget.support; }, 'widget.support needs a link and an email'],
    ['a support e-mail without @', (m: ManifestDraft) => { if (m.widget.support) m.widget.support.email = 'help'; }, 'not an e-mail address'],
    ['an unknown location', (m: ManifestDraft) => { m.locations.push('kanban'); }, 'unknown location "kanban"'],
    ['a suffix on everywhere', (m: ManifestDraft) => { m.locations.push('everywhere-1'); }, 'unknown location "everywhere-1"'],
    ['a dp block without the location', (m: ManifestDraft) => { m.locations = m.locations.filter((l) => l !== 'digital_pipeline'); }, 'a "dp" block needs the digital_pipeline location'],
    ['the dp location without a block', (m: ManifestDraft) => { delete m.dp; }, 'the digital_pipeline location needs a "dp" block'],
    ['an http dp webhook', (m: ManifestDraft) => { if (m.dp) m.dp.webhook_url = 'http://example.com/dp'; }, 'dp.webhook_url must be an https:// URL'],
    ['an advanced block without the location', (m: ManifestDraft) => { m.locations = m.locations.filter((l) => l !== 'advanced_settings'); }, 'an "advanced" block needs the advanced_settings location'],
    ['the advanced location without a title', (m: ManifestDraft) => { delete m.advanced; }, 'needs "advanced": { "title"'],
    ['an unknown settings type', (m: ManifestDraft) => { m.settings.service_url = { name: 'settings.service_url', type: 'url', required: true }; }, 'settings.service_url.type must be one of'],
    ['two custom fields', (m: ManifestDraft) => {
      m.settings.a = { name: 'settings.service_url', type: 'custom', required: false };
      m.settings.b = { name: 'settings.service_url', type: 'custom', required: false };
    }, 'only one "custom" field'],
  ])('rejects %s', (_label, edit, message) => {
    expect(validateArchive(withManifest(edit))).toEqual([expect.stringContaining(message)]);
  });

  it('requires logo_dp.png when there is a dp block', () => {
    const problems = validateArchive(buildArchive((f) => f.delete('images/logo_dp.png')));
    expect(problems).toContainEqual(expect.stringContaining('a "dp" block needs images/logo_dp.png'));
    expect(problems).toContainEqual('images/logo_dp.png is missing');
  });

  it('rejects a locale file the manifest lists but the archive lacks', () => {
    expect(validateArchive(buildArchive((f) => f.delete('i18n/en.json')))).toEqual([
      'i18n/en.json is missing (locale "en" is listed in widget.locale)',
    ]);
  });

  it('rejects a manifest key missing from one locale', () => {
    const ru = { ...LOCALE, advanced: {} };
    const problems = validateArchive(buildArchive((f) => f.set('i18n/ru.json', encode(JSON.stringify(ru)))));
    expect(problems).toContainEqual('i18n/ru.json: key "advanced.title" named in manifest.json is missing or empty');
  });

  it('rejects locales whose key trees differ', () => {
    const en = { ...LOCALE, extra: { only_here: 'x' } };
    const problems = validateArchive(buildArchive((f) => f.set('i18n/en.json', encode(JSON.stringify(en)))));
    expect(problems).toEqual(['i18n/ru.json lacks 1 key: extra.only_here (in en)']);
  });

  it('rejects a logo of the wrong size', () => {
    const problems = validateArchive(buildArchive((f) => f.set('images/logo_min.png', fakePng(80, 84))));
    expect(problems).toEqual(['images/logo_min.png is 80x84; it must be 84x84']);
  });

  it('rejects a logo over 300 KB', () => {
    const problems = validateArchive(buildArchive((f) => f.set('images/logo.png', fakePng(130, 100, 300 * 1024 + 1))));
    expect(problems).toEqual(['images/logo.png is 307201 bytes; the limit is 307200']);
  });

  it('rejects a logo that is not a PNG', () => {
    const problems = validateArchive(buildArchive((f) => f.set('images/logo_small.png', encode('GIF89a....'))));
    expect(problems).toEqual(['images/logo_small.png is not a PNG']);
  });

  it('rejects an archive without script.js', () => {
    expect(validateArchive(buildArchive((f) => f.delete('script.js')))).toEqual(['script.js is missing from the archive root']);
  });
});

describe('checkAmdModule', () => {
  it('accepts an anonymous define whose factory returns a function', () => {
    expect(checkAmdModule('define([], function () { return function W() {}; });')).toEqual([]);
  });

  it.each([
    ['no define at all', 'var x = 1;', 'exactly once (called 0 times)'],
    ['two defines', 'define([], function () { return function () {}; }); define([], function () { return function () {}; });', 'called 2 times'],
    ['a named module', 'define("w", [], function () { return function () {}; });', 'must be anonymous'],
    ['a factory returning an object', 'define([], function () { return { callbacks: {} }; });', 'got object'],
    ['a class', 'define([], function () { return class W {}; });', 'not a class'],
    ['a script that throws', 'throw new Error("boom");', 'throws while loading: boom'],
    ['a factory that throws', 'define([], function () { throw new Error("bad"); });', 'factory throws: bad'],
  ])('rejects %s', (_label, source, message) => {
    expect(checkAmdModule(source)).toEqual([expect.stringContaining(message)]);
  });

  it('passes one stub per dependency to the factory', () => {
    const source = 'define(["a", "b"], function (a, b) { if (!a || !b) throw new Error("missing deps"); return function () {}; });';
    expect(checkAmdModule(source)).toEqual([]);
  });
});

describe('helpers', () => {
  it('reads the PNG size from the IHDR header', () => {
    expect(pngSize(fakePng(400, 272))).toEqual({ width: 400, height: 272 });
    expect(pngSize(encode('not a png at all, long enough'))).toBeNull();
  });

  it('knows which locations take a -0/-1 suffix', () => {
    expect(['lcard-1', 'llist-0', 'lcard', 'everywhere', 'digital_pipeline'].every(isValidLocation)).toBe(true);
    expect(['lcard-2', 'everywhere-0', 'settings-1', 'pipeline'].some(isValidLocation)).toBe(false);
  });

  it('lists every i18n key the manifest names', () => {
    const manifest = buildManifest((m) => { if (m.dp) m.dp.settings = { pool: { name: 'dp.settings.pool', type: 'text', required: false } }; });
    expect(manifestI18nKeys(manifest).sort()).toEqual([
      'advanced.title', 'dp.settings.pool', 'settings.service_url', 'widget.description', 'widget.name', 'widget.short_description',
    ]);
  });

  it('flattens a locale tree into dotted leaf keys', () => {
    expect(leafKeys({ a: { b: 'x', c: { d: 'y' } }, e: 'z' })).toEqual(['a.b', 'a.c.d', 'e']);
  });
});
