import type { AccountConfig, ServiceClient } from '../../service-client';
import { useUi } from '../../ui/context';
import { errorsUnder, type ConfigEditor, type FieldErrors, type FieldMessage } from '../settings-kit/config-editor';
import { SaveBar } from '../settings-kit/SaveBar';
import { useAdminStyles } from '../settings-kit/styles';
import { WhenLoaded } from '../settings-kit/WhenLoaded';
import { WorkingHoursEditor } from '../settings-kit/WorkingHoursEditor';
import { validateHours } from '../settings-kit/working-hours-draft';
import type { ConfigSlice } from './advice-templates';
import { EmbeddedSaveState } from './EmbeddedSaveState';
import { useSliceEditor } from './use-slice-editor';

const hoursSlice: ConfigSlice<AccountConfig['refusals']['schedule']> = {
  pick: (config) => config.refusals.schedule,
  put: (config, schedule) => ({ ...config, refusals: { ...config.refusals, schedule } }),
};

/** Due times are counted in working time, so a week without any is refused, as by the service. */
function validateRefusalHours(config: AccountConfig): FieldErrors {
  const errors = new Map<string, FieldMessage>();
  validateHours(config.refusals.schedule, 'refusals.schedule', errors, true);
  return errors;
}

export interface RefusalHoursEditorProps {
  service: ServiceClient;
  /** As AdviceTemplatesEditor's: inside the Refusals tab its one Save saves these hours too. */
  register?(editor: ConfigEditor): void;
}

/** Advanced settings → Refusals: the working hours review tasks and return tasks are due in. */
export function RefusalHoursEditor({ service, register }: RefusalHoursEditorProps) {
  const { t } = useUi();
  useAdminStyles();
  const editor = useSliceEditor(service, hoursSlice, validateRefusalHours, register);
  return (
    <WhenLoaded editor={editor}>{(draft) => (
      <section class="fr-admin" data-fr-refusal-hours="">
        <h3 class="fr-subheading">{t('refusals.hours.heading')}</h3>
        <p class="fr-muted">{t('refusals.hours.hint')}</p>
        <WorkingHoursEditor hours={draft.refusals.schedule} owner={t('refusals.hours.owner')} readOnly={false}
          errors={errorsUnder(editor.errors.value, 'refusals.schedule')}
          onChange={(schedule) => editor.edit((config) => hoursSlice.put(config, schedule))} />
        {register === undefined || editor.saveState.value.kind === 'conflict' ? <SaveBar editor={editor} /> : <EmbeddedSaveState editor={editor} />}
      </section>
    )}</WhenLoaded>
  );
}
