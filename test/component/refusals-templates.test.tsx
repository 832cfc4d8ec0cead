import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserId } from '../../src/core/brand';
import { adviceTemplateSchema } from '../../src/service/config/sections/refusals';
import AdviceTemplatesEditor from '../../src/widget/features/refusals/AdviceTemplatesEditor';
import { configResponse, renderView, scriptedService, versionedConfigRoutes } from './admin-fixtures';
import { buildUser } from './helpers/app-env';
import type { AccountConfig, ConfigResponse } from '../../src/contract/config';

afterEach(cleanup);

const admin = buildUser({ id: 1 as UserId, name: 'Админ', isAdmin: true });
const PRICE = { id: 'tpl-1', title: 'Цена', text: 'Предложите рассрочку.' };

function setup(initial: ConfigResponse = configResponse((config) => ({ ...config, refusals: { ...config.refusals, adviceTemplates: [PRICE] } }))) {
  const { state, routes } = versionedConfigRoutes(initial);
  const { service, calls } = scriptedService(routes);
  renderView(<AdviceTemplatesEditor service={service} taskTypes={[{ id: 7, name: 'Разбор отказа' }]} />, { user: admin, service });
  const puts = () => calls.filter((call) => call.method === 'PUT').map((call) => call.body as { version: number; config: AccountConfig });
  return { state, puts };
}

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });
const errorAt = (field: string) => document.querySelector(`[data-fr-field-error="${field}"]`)?.textContent;

describe('advice templates editor', () => {
  it('adds, edits, reorders and removes templates, sets the manager task defaults, and saves them in the config', async () => {
    const { puts } = setup();
    await screen.findByLabelText('Title of template 1');
    fireEvent.click(screen.getByText('Add a template'));
    type('Title of template 2', 'Сроки');
    type('Text of template 2', 'Уточните, к какой дате нужна поставка.');
    fireEvent.click(screen.getByText('Add a template'));
    type('Title of template 3', 'Черновик');
    type('Text of template 3', 'удалить');
    type('Text of template 1', 'Предложите рассрочку на 6 месяцев.');
    fireEvent.click(screen.getByLabelText('Move up: Сроки'));
    fireEvent.click(document.querySelector('[data-fr-template="tpl-3"] [data-fr-action="remove-template"]') as Element);
    fireEvent.change(document.querySelector('[data-fr-input="managerTaskType"]') as Element, { target: { value: '7' } });
    fireEvent.input(document.querySelector('[data-fr-input="managerTaskDue"]') as Element, { target: { value: '2,5' } });
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(puts()).toHaveLength(1));
    const refusals = puts()[0]?.config.refusals;
    expect(refusals?.adviceTemplates).toEqual([
      { id: 'tpl-2', title: 'Сроки', text: 'Уточните, к какой дате нужна поставка.' },
      { id: 'tpl-1', title: 'Цена', text: 'Предложите рассрочку на 6 месяцев.' },
    ]);
    expect(refusals?.managerTask).toEqual({ taskTypeId: 7, dueInWorkingHours: 2.5 });
    expect(refusals?.adviceTemplates.every((entry) => adviceTemplateSchema.safeParse(entry).success)).toBe(true);
    expect(await screen.findByText('Saved')).toBeTruthy();
  });

  it('requires a title and a text at the field and does not save until they are there', async () => {
    const { puts } = setup();
    await screen.findByLabelText('Title of template 1');
    fireEvent.click(screen.getByText('Add a template'));
    type('Title of template 2', '   ');
    expect(errorAt('template-title-1')).toBe('Required.');
    expect(errorAt('template-text-1')).toBe('Required.');
    fireEvent.input(document.querySelector('[data-fr-input="managerTaskDue"]') as Element, { target: { value: '200' } });
    expect(errorAt('managerTaskDue')).toBe('A number of hours above 0, at most 168.');
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(document.querySelector('[data-fr-save="invalid"]')).not.toBeNull());
    expect(puts()).toEqual([]);
  });

  it('saves only its slice onto the latest document, and reports a conflict when someone else changed the templates', async () => {
    const { state, puts } = setup();
    await screen.findByLabelText('Title of template 1');
    // The rules editor in the same tab saves meanwhile: rules change, the templates do not.
    const rules = [{ ...state.current.config.refusals.rules[0], id: 'rule-1', name: 'Новое правило' }];
    state.current = { ...state.current, version: 4, config: { ...state.current.config, refusals: { ...state.current.config.refusals, rules: rules as AccountConfig['refusals']['rules'] } } };
    type('Title of template 1', 'Цена и скидка');
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(puts()).toHaveLength(1));
    expect(puts()[0]?.version).toBe(4);
    expect(puts()[0]?.config.refusals.rules).toEqual(rules);
    expect(puts()[0]?.config.refusals.adviceTemplates[0]?.title).toBe('Цена и скидка');
    await screen.findByText('Saved');

    // Another admin edits the templates themselves: that is a real conflict.
    state.current = { ...state.current, version: 6, config: { ...state.current.config, refusals: { ...state.current.config.refusals, adviceTemplates: [{ ...PRICE, text: 'Чужая правка' }] } } };
    type('Text of template 1', 'Моя правка');
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(document.querySelector('[data-fr-save="conflict"]')).not.toBeNull());
    expect(puts()).toHaveLength(1);
  });
});
