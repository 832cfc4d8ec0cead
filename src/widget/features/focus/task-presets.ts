/** Due-time presets of the quick task, in the account's working schedule. Pure. */
import type { EpochMs } from '../../../core/brand';
import { endOfWorkingDay, startOfNextWorkingDay, type WorkingSchedule } from '../../../core/time/schedule';

type DuePresetId = 'in_1h' | 'today_end' | 'tomorrow' | 'in_3d';

export interface DuePreset { readonly id: DuePresetId; readonly at: EpochMs }

const HOUR_MS = 3_600_000;

/** Presets that lie in the future; "end of today" is left out after working hours. */
export function selectDuePresets(schedule: WorkingSchedule, now: EpochMs): DuePreset[] {
  const candidates: Array<{ id: DuePresetId; at: EpochMs | null }> = [
    { id: 'in_1h', at: (now + HOUR_MS) as EpochMs },
    { id: 'today_end', at: endOfWorkingDay(schedule, now) },
    { id: 'tomorrow', at: startOfNextWorkingDay(schedule, now) },
    { id: 'in_3d', at: (now + 72 * HOUR_MS) as EpochMs },
  ];
  return candidates.filter((c): c is DuePreset => c.at !== null && c.at > now);
}
