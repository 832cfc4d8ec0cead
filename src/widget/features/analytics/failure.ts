/** Service failures in words: the same kinds every view can meet. */
import type { MessageKey, Translate } from '../../i18n';
import { ServiceError } from '../../service-client';

const MESSAGES: Record<ServiceError['kind'], MessageKey> = {
  network: 'analytics.errors.network',
  unauthorized: 'analytics.errors.unauthorized',
  forbidden: 'analytics.errors.forbidden',
  not_connected: 'analytics.errors.not_connected',
  unavailable: 'analytics.errors.unavailable',
  invalid_answer: 'analytics.errors.invalid_answer',
  http: 'analytics.errors.http',
  amo_access_rejected: 'analytics.errors.amo_access_rejected',
};

export function describeFailure(t: Translate, error: unknown): string {
  if (error instanceof ServiceError && error.kind === 'http' && error.code === 'validation') return t('analytics.errors.validation');
  return error instanceof ServiceError ? t(MESSAGES[error.kind]) : t('analytics.errors.http');
}
