import { describe, expect, it } from 'vitest';
import en from '../../../i18n/en.json';
import ru from '../../../i18n/ru.json';
import { describeError } from '../../../src/widget/features/refusals/format';
import { createTranslator } from '../../../src/widget/i18n';
import { errorOf } from '../../../src/widget/service-client';

// Issue 15: amoCRM refusing the integration's token reaches the widget as 502 amo_access_rejected.
describe('service errors in words', () => {
  it('tells the user to reconnect the integration when amoCRM rejected its access', () => {
    const error = errorOf({ status: 502, body: { error: 'amo_access_rejected', message: 'amoCRM rejected the integration\'s access' } });
    expect(error.kind).toBe('amo_access_rejected');
    expect(describeError(createTranslator(ru), error)).toContain('amoCRM отклонил доступ, переподключите интеграцию');
    expect(describeError(createTranslator(en), error)).toContain('reconnect the integration');
  });

  it('keeps a plain outage an outage', () => {
    expect(errorOf({ status: 503, body: { error: 'amo_unavailable' } }).kind).toBe('unavailable');
  });
});
