import { fireEvent, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { createFakeHost, mounts, useCleanPage, WIDGET_CODE } from './fake-host';

const page = useCleanPage();

describe('render', () => {
  it('mounts the launcher once however often render fires', () => {
    const { callbacks } = createFakeHost();
    expect(callbacks.render()).toBe(true);
    expect(callbacks.render()).toBe(true);
    expect(callbacks.init()).toBe(true);
    expect(callbacks.render()).toBe(true);
    expect(mounts('launcher')).toHaveLength(1);
    expect(document.querySelectorAll('#fr-styles')).toHaveLength(1);
  });

  it('takes over a launcher root left behind by an earlier instance instead of adding a second', () => {
    createFakeHost().callbacks.render();
    createFakeHost().callbacks.render();
    expect(mounts('launcher')).toHaveLength(1);
  });

  it('shows the product name and a placeholder count on the launcher, loaded lazily', async () => {
    createFakeHost().callbacks.render();
    const button = await waitFor(() => {
      const found = document.querySelector<HTMLButtonElement>('.fr-launcher__button');
      expect(found).not.toBeNull();
      return found;
    });
    expect(button?.textContent).toContain('Focus');
    expect(document.querySelector('[data-fr-badge]')?.textContent).toBe('–');
    expect(button?.getAttribute('aria-expanded')).toBe('false');
  });

  it('opens the launcher panel on click and closes it with Escape once actions are bound', async () => {
    const { callbacks } = createFakeHost();
    callbacks.render();
    callbacks.bind_actions();
    await waitFor(() => expect(document.querySelector('.fr-launcher__button')).not.toBeNull());
    fireEvent.click(document.querySelector('.fr-launcher__button') as Element);
    await waitFor(() => expect(document.querySelector('.fr-panel h2')?.textContent).toBe('Focus & Refusals'));
    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() => expect(document.querySelector('.fr-panel')).toBeNull());
  });

  it('draws one card block per lead, loading the view lazily', async () => {
    const { callbacks, renderTemplateCalls } = createFakeHost({ systemArea: 'lcard', cardId: 42 });
    expect(callbacks.render()).toBe(true);
    expect(callbacks.render()).toBe(true);
    expect(renderTemplateCalls).toHaveLength(1);
    expect(mounts('card')).toHaveLength(1);
    const block = await waitFor(() => {
      const found = document.querySelector('[data-fr-mount="card"] [data-fr-lead-id]');
      if (!found) throw new Error('card view not loaded yet');
      return found;
    });
    expect(block.getAttribute('data-fr-lead-id')).toBe('42');
    expect(block.querySelector('h3')?.textContent).toBe('Focus & Refusals');
    // Feature sections (./features/card/sections.ts) load lazily inside the block.
    expect(block.querySelectorAll('[data-fr-section]').length).toBeGreaterThan(0);
    // 21:30 UTC is 00:30 in the account's zone (Moscow), not in the machine's.
    expect(block.textContent).toContain('Updated 12:30 AM');
  });

  it('returns false in a new, unsaved card and draws no card block', () => {
    const { callbacks, renderTemplateCalls } = createFakeHost({ systemArea: 'lcard', cardId: 0 });
    expect(callbacks.render()).toBe(false);
    expect(renderTemplateCalls).toHaveLength(0);
    expect(mounts('card')).toHaveLength(0);
    expect(mounts('launcher')).toHaveLength(1);
  });
});

describe('destroy', () => {
  it('removes every mount and every listener it added', () => {
    const added = vi.spyOn(document, 'addEventListener');
    const removed = vi.spyOn(document, 'removeEventListener');
    const { callbacks } = createFakeHost({ systemArea: 'lcard', cardId: 7 });
    for (let i = 0; i < 3; i += 1) {
      callbacks.render();
      callbacks.init();
      callbacks.bind_actions();
    }
    const keydownAdds = added.mock.calls.filter(([type]) => type === 'keydown');
    expect(keydownAdds).toHaveLength(1);
    callbacks.destroy();
    expect(document.querySelectorAll('[data-fr-mount]')).toHaveLength(0);
    const keydownRemoves = removed.mock.calls.filter(([type]) => type === 'keydown');
    expect(keydownRemoves).toHaveLength(1);
    expect(keydownRemoves[0]?.[1]).toBe(keydownAdds[0]?.[1]);
    added.mockRestore();
    removed.mockRestore();
  });

  it('lets the widget render again after destroy, as on an area change', () => {
    const { callbacks } = createFakeHost();
    callbacks.render();
    callbacks.destroy();
    callbacks.render();
    expect(mounts('launcher')).toHaveLength(1);
  });
});

describe('the host boundary', () => {
  it('never throws into the page: a broken settings object is logged and render still returns true', () => {
    const { callbacks } = createFakeHost({ settings: { path: undefined } });
    expect(() => callbacks.render()).not.toThrow();
    expect(callbacks.render()).toBe(true);
    expect(page.consoleError).toHaveBeenCalledWith('[focus_refusals] render failed', expect.objectContaining({ name: 'HostShapeError' }));
    // Nothing was mounted yet, so the error gets a launcher-sized box of its own.
    expect(mounts('launcher')).toHaveLength(1);
    expect(document.querySelector('[data-fr-error-detail]')?.textContent).toBe('settings.path is missing');
  });

  it('shows a callback failure in our launcher when its own container is missing', async () => {
    const { callbacks } = createFakeHost();
    callbacks.render();
    expect(callbacks.settings(undefined)).toBe(true);
    await waitFor(() => expect(document.querySelector('[data-fr-mount="launcher"] [data-fr-error]')).not.toBeNull());
    expect(document.querySelector('[data-fr-error-detail]')?.textContent).toContain(`#${WIDGET_CODE}_custom_content`);
    expect(page.consoleError).toHaveBeenCalledTimes(1);
  });
});
