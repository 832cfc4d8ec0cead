import type { ComponentChildren } from 'preact';
import type { ServiceClient } from '../../service-client';
import { EmptyState } from '../../ui/EmptyState';
import { useAppEnv } from '../app-env';
import { useAdminStyles } from './styles';

/** An advanced-settings tab that needs the service: its view with the client, or why there is none. */
export function AdminTab({ noService, children }: { noService: string; children(service: ServiceClient): ComponentChildren }) {
  const env = useAppEnv();
  useAdminStyles();
  if (env.service === null) return <EmptyState text={noService} />;
  return <>{children(env.service)}</>;
}
