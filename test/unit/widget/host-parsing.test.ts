import { describe, expect, it } from 'vitest';
import { resolveArea } from '../../../src/widget/host/areas';
import { DEV_FLAG_KEY, devScriptUrl, parseDevPort, readDevPort } from '../../../src/widget/host/dev-loader';
import { normaliseServiceUrl } from '../../../src/widget/host/on-save';
import {
  HostShapeError, findAppGlobal, parseAccountEnv, parseSaveEvent, parseSystem, parseWidgetParams, readCurrentCardId,
} from '../../../src/widget/host/parse';
import type { AppGlobal } from '../../../src/widget/host/types';

const app = (over: Partial<AppGlobal> & { account?: unknown } = {}): AppGlobal => ({
  constant: (name) => (name === 'account' ? over.account : undefined),
  ...over,
});

describe('resolveArea', () => {
  const base = { systemArea: 'everywhere', widgetsArea: null, currentCardId: null, widgetCode: 'focus_refusals' };

  it('sees a saved lead card with its id', () => {
    expect(resolveArea({ ...base, systemArea: 'lcard', currentCardId: 42 })).toEqual({ kind: 'lead-card', leadId: 42 });
    expect(resolveArea({ ...base, widgetsArea: 'leads_card', currentCardId: 7 })).toEqual({ kind: 'lead-card', leadId: 7 });
  });

  it('tells a new, unsaved card (id 0) apart', () => {
    expect(resolveArea({ ...base, systemArea: 'lcard', currentCardId: 0 })).toEqual({ kind: 'new-lead-card' });
  });

  it('finds the kanban only through the router code, since it has no manifest area', () => {
    expect(resolveArea({ ...base, widgetsArea: 'leads-pipeline' })).toEqual({ kind: 'leads-pipeline' });
  });

  it('recognises our advanced settings page by its router code', () => {
    expect(resolveArea({ ...base, widgetsArea: 'advanced-settings:focus_refusals' })).toEqual({ kind: 'advanced-settings' });
    expect(resolveArea({ ...base, widgetsArea: 'advanced-settings:someone_else' }).kind).toBe('other');
  });

  it('maps lists, settings and digital pipeline', () => {
    expect(resolveArea({ ...base, systemArea: 'llist' }).kind).toBe('leads-list');
    expect(resolveArea({ ...base, widgetsArea: 'leads' }).kind).toBe('leads-list');
    expect(resolveArea({ ...base, systemArea: 'settings' }).kind).toBe('settings');
    expect(resolveArea({ ...base, systemArea: 'digital_pipeline' }).kind).toBe('digital-pipeline');
  });
});

describe('parseWidgetParams', () => {
  const raw = {
    widget_code: 'focus_refusals', path: 'https://cdn.example/upl/focus_refusals/widget/', version: '1.2.0',
    active: 'Y', status: 'installed', service_url: ' https://svc.example.com/ ', connection: '',
  };

  it('reads path without the trailing slash, flags and our settings fields', () => {
    expect(parseWidgetParams(raw)).toEqual({
      widgetCode: 'focus_refusals', path: 'https://cdn.example/upl/focus_refusals/widget', version: '1.2.0',
      active: true, status: 'installed', settings: { serviceUrl: 'https://svc.example.com', connection: null },
    });
  });

  it('refuses settings without the widget code or path', () => {
    expect(() => parseWidgetParams({ ...raw, path: undefined })).toThrow(HostShapeError);
    expect(() => parseWidgetParams({ ...raw, widget_code: '' })).toThrow('settings.widget_code is missing');
    expect(() => parseWidgetParams('nope')).toThrow(HostShapeError);
  });

  it('treats unknown install states and inactive flags conservatively', () => {
    const parsed = parseWidgetParams({ ...raw, active: 'N', status: 'weird' });
    expect(parsed.active).toBe(false);
    expect(parsed.status).toBe('unknown');
  });
});

describe('other host shapes', () => {
  it('reads the user id whether amoCRM sends a string or a number', () => {
    expect(parseSystem({ area: 'lcard', amouser_id: '15', subdomain: 'demo' })).toEqual({ area: 'lcard', userId: 15, subdomain: 'demo' });
    expect(parseSystem({ amouser_id: 15 }).userId).toBe(15);
  });

  it('takes the zone from the account and the language from APP.lang_id', () => {
    expect(parseAccountEnv(app({ lang_id: 'en', account: { timezone: 'Asia/Yekaterinburg' } })))
      .toEqual({ language: 'en', timeZone: 'Asia/Yekaterinburg', currency: null });
    expect(parseAccountEnv(null)).toEqual({ language: 'ru', timeZone: 'UTC', currency: null });
  });

  it('knows Kommo\'s Spanish and Portuguese, and the account\'s currency', () => {
    expect(parseAccountEnv(app({ lang_id: 'es', account: { timezone: 'America/Bogota', currency: 'COP' } })))
      .toEqual({ language: 'es', timeZone: 'America/Bogota', currency: 'COP' });
    expect(parseAccountEnv(app({ lang_id: 'pt', account: { timezone: 'America/Sao_Paulo', currency: 'BRL' } })).language).toBe('pt');
    expect(parseAccountEnv(app({ lang_id: 'xx', account: { currency: 'rubles' } }))).toMatchObject({ language: 'ru', currency: null });
  });

  it('reads the current card id, and null outside cards', () => {
    expect(readCurrentCardId(app({ data: { current_card: { id: '31' } } }))).toBe(31);
    expect(readCurrentCardId(app({ data: {} }))).toBeNull();
  });

  it('finds APP, or the deprecated AMOCRM alias', () => {
    const global = app();
    expect(findAppGlobal({ APP: global })).toBe(global);
    expect(findAppGlobal({ AMOCRM: global })).toBe(global);
    expect(findAppGlobal({ APP: { notAnApp: true } })).toBeNull();
  });

  it('parses the onSave event', () => {
    expect(parseSaveEvent({ active: 'Y', fields: { service_url: 'x' } })).toEqual({ active: true, fields: { service_url: 'x' } });
    expect(parseSaveEvent({ active: 'N' })).toEqual({ active: false, fields: {} });
  });

  it('normalises the service address before amoCRM stores it', () => {
    expect(normaliseServiceUrl('  https://svc.example.com///  ')).toBe('https://svc.example.com');
    expect(normaliseServiceUrl('   ')).toBeNull();
    expect(normaliseServiceUrl(5)).toBeNull();
  });

});

describe('dev loader flag', () => {
  it('accepts a port number only', () => {
    expect(parseDevPort('9000')).toBe(9000);
    expect(parseDevPort(' 9000 ')).toBe(9000);
    for (const bad of [null, '', 'true', '0', '70000', '90.0', 'http://evil.example']) expect(parseDevPort(bad)).toBeNull();
  });

  it('reads the flag from storage and survives storage that throws', () => {
    expect(readDevPort(() => ({ getItem: (key) => (key === DEV_FLAG_KEY ? '9100' : null) }))).toBe(9100);
    expect(readDevPort(() => { throw new Error('SecurityError'); })).toBeNull();
    expect(readDevPort(() => undefined)).toBeNull();
  });

  it('always points at localhost', () => {
    expect(devScriptUrl(9000)).toBe('http://localhost:9000/script.js');
  });
});
