/** The whole service database: each area declares its own tables, composed here. */
import type { AccountTables } from './tables-accounts';
import type { InboxTables } from './tables-inbox';

export interface Database extends InboxTables, AccountTables {}
