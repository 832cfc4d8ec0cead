import { waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Disposables } from '../../src/widget/host/disposables';
import { guard } from '../../src/widget/host/guard';
import { MountRegistry } from '../../src/widget/host/mounts';
import { createTranslator } from '../../src/widget/i18n';
import { useUi } from '../../src/widget/ui/context';
import { LANGS, resetPage } from './fake-host';

const env = () => ({ t: createTranslator(LANGS.en), dates: { language: 'en' as const, timeZone: 'UTC' } });

function Broken(): never {
  throw new Error('view exploded');
}
function Hello({ name }: { name: string }) {
  const { t } = useUi();
  return <p data-hello="">{t('launcher.title')} {name}</p>;
}

beforeEach(resetPage);
afterEach(() => {
  vi.useRealTimers();
  resetPage();
});

describe('MountRegistry', () => {
  it('re-renders the same mount with new props instead of adding one', async () => {
    const registry = new MountRegistry(document, env, vi.fn());
    registry.mount({ name: 'card', parent: document.body, identity: '1', view: { component: Hello }, props: { name: 'a' } });
    registry.mount({ name: 'card', parent: document.body, identity: '1', view: { component: Hello }, props: { name: 'b' } });
    expect(document.querySelectorAll('[data-fr-mount="card"]')).toHaveLength(1);
    await waitFor(() => expect(document.querySelector('[data-hello]')?.textContent).toBe('Focus b'));
    expect(registry.size).toBe(1);
  });

  it('moves a mount whose container changed, leaving nothing behind', () => {
    const first = document.body.appendChild(document.createElement('section'));
    const second = document.body.appendChild(document.createElement('section'));
    const registry = new MountRegistry(document, env, vi.fn());
    registry.mount({ name: 'card', parent: first, view: { component: Hello }, props: { name: 'a' } });
    registry.mount({ name: 'card', parent: second, view: { component: Hello }, props: { name: 'a' } });
    expect(first.children).toHaveLength(0);
    expect(second.querySelectorAll('[data-fr-mount="card"]')).toHaveLength(1);
  });

  it('catches an error thrown inside a view, shows it in that mount and reports it', async () => {
    const report = vi.fn();
    const registry = new MountRegistry(document, env, report);
    expect(() => registry.mount({ name: 'card', parent: document.body, view: { component: Broken }, props: {} })).not.toThrow();
    await waitFor(() => expect(document.querySelector('[data-fr-mount="card"] [role="alert"]')).not.toBeNull());
    expect(document.querySelector('[data-fr-error-detail]')?.textContent).toBe('view exploded');
    expect(report).toHaveBeenCalledWith('view:card', expect.objectContaining({ message: 'view exploded' }));
  });

  it('shows the loading state, then the error state when a lazy chunk fails to load', async () => {
    const report = vi.fn();
    let fail: (error: Error) => void = () => undefined;
    const load = vi.fn(() => new Promise<typeof Hello>((_resolve, reject) => { fail = reject; }));
    const registry = new MountRegistry(document, env, report);
    registry.mount({ name: 'advanced', parent: document.body, view: { load }, props: { name: 'x' } });
    expect(document.querySelector('[data-fr-mount="advanced"] [role="status"]')?.textContent).toBe('Loading…');
    await waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    fail(new Error('ChunkLoadError: chunks/advanced.js'));
    await waitFor(() => expect(document.querySelector('[data-fr-mount="advanced"] [data-fr-error]')).not.toBeNull());
    expect(report).toHaveBeenCalledWith('view:advanced', expect.objectContaining({ message: 'ChunkLoadError: chunks/advanced.js' }));
  });

  it('drains every mount', () => {
    const registry = new MountRegistry(document, env, vi.fn());
    registry.mount({ name: 'launcher', parent: document.body, view: { component: Hello }, props: { name: 'a' } });
    registry.mount({ name: 'card', parent: document.body, view: { component: Hello }, props: { name: 'b' } });
    expect(document.querySelectorAll('[data-fr-mount]')).toHaveLength(2);
    registry.drain();
    expect(registry.size).toBe(0);
    expect(document.querySelectorAll('[data-fr-mount]')).toHaveLength(0);
  });
});

describe('Disposables', () => {
  it('stops every listener, timeout and interval on drain', () => {
    vi.useFakeTimers();
    const calls = { listener: 0, timeout: 0, interval: 0 };
    const disposables = new Disposables(vi.fn());
    disposables.listen(document, 'keydown', () => { calls.listener += 1; });
    disposables.setTimeout(() => { calls.timeout += 1; }, 1000);
    disposables.setInterval(() => { calls.interval += 1; }, 100);
    expect(disposables.size).toBe(3);
    expect(vi.getTimerCount()).toBe(2);

    disposables.drain();
    expect(disposables.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    vi.advanceTimersByTime(5000);
    expect(calls).toEqual({ listener: 0, timeout: 0, interval: 0 });
  });

  it('forgets a timeout once it has fired', () => {
    vi.useFakeTimers();
    const disposables = new Disposables(vi.fn());
    const fired = vi.fn();
    disposables.setTimeout(fired, 10);
    vi.advanceTimersByTime(10);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(disposables.size).toBe(0);
  });

  it('reports a throwing listener instead of letting it reach the page', () => {
    const report = vi.fn();
    const disposables = new Disposables(report);
    disposables.listen(document, 'click', () => { throw new Error('handler bug'); });
    expect(() => document.dispatchEvent(new MouseEvent('click'))).not.toThrow();
    expect(report).toHaveBeenCalledWith('listener:click', expect.objectContaining({ message: 'handler bug' }));
  });

  it('starts a keyed resource once however often ensure() is called', () => {
    const disposables = new Disposables(vi.fn());
    const stop = vi.fn();
    const start = vi.fn(() => stop);
    disposables.ensure('k', start);
    disposables.ensure('k', start);
    expect(start).toHaveBeenCalledTimes(1);
    disposables.drain();
    expect(stop).toHaveBeenCalledTimes(1);
    disposables.ensure('k', start);
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('keeps draining when one teardown throws', () => {
    const report = vi.fn();
    const disposables = new Disposables(report);
    const last = vi.fn();
    disposables.add(last);
    disposables.add(() => { throw new Error('teardown bug'); });
    disposables.drain();
    expect(last).toHaveBeenCalledTimes(1);
    expect(report).toHaveBeenCalledWith('dispose', expect.objectContaining({ message: 'teardown bug' }));
  });
});

describe('guard', () => {
  it('returns the fallback and reports instead of throwing', () => {
    const report = vi.fn();
    const wrapped = guard('render', (): boolean => { throw new Error('nope'); }, true, report);
    expect(wrapped()).toBe(true);
    expect(report).toHaveBeenCalledWith('render', expect.objectContaining({ message: 'nope' }));
  });

  it('reports a rejected promise a callback started', async () => {
    const report = vi.fn();
    const wrapped = guard('onSave', () => Promise.reject(new Error('later')), Promise.resolve(), report);
    await wrapped().catch(() => undefined);
    await Promise.resolve();
    expect(report).toHaveBeenCalledWith('onSave', expect.objectContaining({ message: 'later' }));
  });
});
