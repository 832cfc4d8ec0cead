/** The launcher's focus model for sections drawn by the shared launcher view (they get only `close`). */
import { createContext } from 'preact';
import type { FocusModel } from './FocusModel';

export const FocusModelContext = createContext<FocusModel | null>(null);
