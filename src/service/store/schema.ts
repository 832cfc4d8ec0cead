/** The whole service database: each area declares its own tables, composed here. */
import type { AnalyticsTables } from './tables-analytics';
import type { AccountTables } from './tables-accounts';
import type { DistributionTables } from './tables-distribution';
import type { FocusTables } from './tables-focus';
import type { InboxTables } from './tables-inbox';
import type { ReconcileTables } from './tables-reconcile';
import type { RefusalTables } from './tables-refusals';

export interface Database extends InboxTables, AccountTables, FocusTables, RefusalTables, DistributionTables, AnalyticsTables, ReconcileTables {}
