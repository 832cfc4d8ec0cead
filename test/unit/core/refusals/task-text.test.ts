import { describe, expect, it } from 'vitest';
import { deriveTaskTextValues, renderTaskText, selectUnknownPlaceholders } from '../../../../src/core/refusals/task-text';
import { MANAGER, REASON_PRICE, buildCatalog, buildLostDeal } from '../../../support/refusals';

const values = { deal: 'Chairs', manager: 'Anna', reason: 'Too expensive', value: '50 000 ₽', link: 'https://demo.amocrm.ru/leads/detail/101' };

describe('renderTaskText', () => {
  it('fills every known placeholder', () => {
    expect(renderTaskText('{deal} / {manager} / {reason} / {value} / {link}', values))
      .toBe('Chairs / Anna / Too expensive / 50 000 ₽ / https://demo.amocrm.ru/leads/detail/101');
  });

  it('keeps unknown placeholders and stray braces literally', () => {
    expect(renderTaskText('{client} {deal} { deal } {', values)).toBe('{client} Chairs { deal } {');
  });

  it('never expands placeholders found inside a value', () => {
    expect(renderTaskText('{deal} for {manager}', { ...values, deal: '{manager}' })).toBe('{manager} for Anna');
  });

  it('drops control characters from values but keeps line breaks', () => {
    expect(renderTaskText('{deal}', { ...values, deal: 'A\u0000B\u0007\nC' })).toBe('AB\nC');
  });

  it('lists the unknown placeholders of a template once each', () => {
    expect(selectUnknownPlaceholders('{deal} {client} {client} {phone}')).toEqual(['client', 'phone']);
  });
});

describe('deriveTaskTextValues', () => {
  const ctx = { link: 'L', formatValue: (n: number) => `${n} RUB`, unknownLabel: '?' };

  it("takes the manager's and the reason's names from the catalog", () => {
    const deal = buildLostDeal({ responsibleUserId: MANAGER, lossReasonId: REASON_PRICE, price: 1200 });
    expect(deriveTaskTextValues(deal, buildCatalog(), ctx)).toEqual({
      deal: 'Office chairs', manager: 'Anna', reason: 'Too expensive', value: '1200 RUB', link: 'L',
    });
  });

  it('shows the unknown label for a removed user or reason instead of an id', () => {
    const catalog = buildCatalog({ users: [], reasons: [] });
    const result = deriveTaskTextValues(buildLostDeal(), catalog, ctx);
    expect([result.manager, result.reason]).toEqual(['?', '?']);
  });
});
