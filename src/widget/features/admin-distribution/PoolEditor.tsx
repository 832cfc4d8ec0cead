import type { Pipeline } from '../../../core/domain';
import { useUi } from '../../ui/context';
import { useAppEnv } from '../app-env';
import { errorsUnder, type FieldErrors } from '../settings-kit/config-editor';
import { FieldMessageText } from '../settings-kit/FieldMessageText';
import { OptionalWorkingHours } from '../settings-kit/OptionalWorkingHours';
import { withParticipant, withParticipantField, type PoolConfig } from './pools-draft';

const MODES = ['round_robin', 'least_loaded', 'weighted'] as const;

export interface PoolEditorProps {
  pool: PoolConfig;
  index: number;
  pipeline: Pipeline | null;
  errors: FieldErrors;
  readOnly: boolean;
  onChange(pool: PoolConfig): void;
  onRemove(): void;
}

/** One pipeline's pool: who takes its leads, how, with what caps, and what happens when nobody can. */
export function PoolEditor({ pool, index, pipeline, errors, readOnly, onChange, onRemove }: PoolEditorProps) {
  const { t } = useUi();
  const env = useAppEnv();
  const mine = errorsUnder(errors, `distribution.pools.${index}`);
  const people = env.managers.filter((user) => user.isActive || pool.participants.some((entry) => entry.userId === user.id));
  const number = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));
  const stages = pipeline?.statuses.filter((status) => status.kind === 'open' || status.kind === 'unsorted') ?? [];
  const nobody = pool.whenNobodyAvailable;
  return (
    <fieldset class="fr-stages__pipeline" data-fr-pool={pool.pipelineId} disabled={readOnly}>
      <legend>{pipeline?.name ?? t('distribution.pools.missingPipeline', { id: pool.pipelineId })}</legend>
      {pipeline === null && <p class="fr-warning">{t('distribution.pools.pipelineGone')}</p>}
      <label class="fr-check">{t('distribution.pools.mode')}{' '}
        <select class="fr-input" value={pool.mode} data-fr-input="mode" onChange={(e) => onChange({ ...pool, mode: e.currentTarget.value as PoolConfig['mode'] })}>
          {MODES.map((mode) => <option key={mode} value={mode}>{t(`distribution.why.${mode}`)}</option>)}
        </select>
      </label>
      <table class="fr-table">
        <thead><tr><th>{t('distribution.pools.participant')}</th><th>{t('distribution.pools.weight')}</th><th>{t('distribution.pools.cap')}</th></tr></thead>
        <tbody>
          {people.map((user) => {
            const position = pool.participants.findIndex((entry) => entry.userId === user.id);
            const entry = pool.participants[position];
            return (
              <tr key={user.id} data-fr-participant={user.id}>
                <td><label class="fr-check"><input type="checkbox" checked={entry !== undefined} data-fr-in-pool={user.id}
                  onChange={(e) => onChange(withParticipant(pool, user.id, e.currentTarget.checked))} />{user.name}</label></td>
                <td>{entry && <input class="fr-input fr-input--number" type="number" min={0} value={Number.isNaN(entry.weight) ? '' : entry.weight} aria-label={t('distribution.pools.weightOf', { name: user.name })}
                  disabled={pool.mode !== 'weighted'} onInput={(e) => onChange(withParticipantField(pool, user.id, { weight: number(e.currentTarget.value) }))} />}
                  <FieldMessageText message={mine.get(`participants.${position}.weight`)} field="weight" /></td>
                <td>{entry && <input class="fr-input fr-input--number" type="number" min={1} value={entry.cap === null || Number.isNaN(entry.cap) ? '' : entry.cap} placeholder={t('distribution.pools.noCap')}
                  aria-label={t('distribution.pools.capOf', { name: user.name })}
                  onInput={(e) => onChange(withParticipantField(pool, user.id, { cap: e.currentTarget.value === '' ? null : number(e.currentTarget.value) }))} />}
                  <FieldMessageText message={mine.get(`participants.${position}.cap`)} field="cap" /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <FieldMessageText message={mine.get('participants')} field="participants" />
      <label class="fr-check"><input type="checkbox" checked={pool.stickyOwner} data-fr-input="stickyOwner" onChange={(e) => onChange({ ...pool, stickyOwner: e.currentTarget.checked })} />{t('distribution.pools.sticky')}</label>
      <label class="fr-check"><input type="checkbox" checked={pool.guard} data-fr-input="guard" onChange={(e) => onChange({ ...pool, guard: e.currentTarget.checked })} />{t('distribution.pools.guard')}</label>
      <label class="fr-check"><input type="checkbox" checked={pool.triggers.digitalPipeline} data-fr-input="dp" onChange={(e) => onChange({ ...pool, triggers: { ...pool.triggers, digitalPipeline: e.currentTarget.checked } })} />{t('distribution.pools.dp')}</label>
      <div class="fr-field">
        <span class="fr-field__label">{t('distribution.pools.webhookStages')}</span>
        {stages.map((status) => (
          <label key={status.id} class="fr-check"><input type="checkbox" checked={pool.triggers.webhookStatusIds.includes(status.id)} data-fr-webhook-stage={status.id}
            onChange={(e) => onChange({ ...pool, triggers: { ...pool.triggers, webhookStatusIds: e.currentTarget.checked ? [...pool.triggers.webhookStatusIds, status.id] : pool.triggers.webhookStatusIds.filter((id) => id !== status.id) } })} />{status.name}</label>
        ))}
      </div>
      <div class="fr-field" data-fr-load-stages="">
        <span class="fr-field__label">{t('distribution.hours.loadStages')}</span>
        <p class="fr-muted">{t('distribution.hours.loadStagesHint')}</p>
        {stages.map((status) => (
          <label key={status.id} class="fr-check"><input type="checkbox" checked={pool.loadStatusIds.includes(status.id)} data-fr-load-stage={status.id}
            onChange={(e) => onChange({ ...pool, loadStatusIds: e.currentTarget.checked ? [...pool.loadStatusIds, status.id] : pool.loadStatusIds.filter((id) => id !== status.id) })} />{status.name}</label>
        ))}
        {pool.loadStatusIds.filter((id) => pipeline !== null && !stages.some((status) => status.id === id)).map((id) => (
          <label key={id} class="fr-check fr-warning"><input type="checkbox" checked data-fr-load-stage={id}
            onChange={() => onChange({ ...pool, loadStatusIds: pool.loadStatusIds.filter((other) => other !== id) })} />{t('distribution.hours.stageGone', { id })}</label>
        ))}
      </div>
      <div data-fr-pool-hours="">
        <OptionalWorkingHours hours={pool.hours} restrictLabel={t('distribution.hours.restrict')} anyTime={t('distribution.hours.anyTime')}
          owner={pipeline?.name ?? t('distribution.pools.missingPipeline', { id: pool.pipelineId })} readOnly={readOnly}
          errors={errorsUnder(errors, `distribution.pools.${index}.hours`)} onChange={(hours) => onChange({ ...pool, hours })} />
      </div>
      <label class="fr-check">{t('distribution.pools.nobody')}{' '}
        <select class="fr-input" data-fr-input="nobody" value={nobody.kind === 'hold' ? 'hold' : String(nobody.userId)}
          onChange={(e) => { const value = e.currentTarget.value; onChange({ ...pool, whenNobodyAvailable: value === 'hold' ? { kind: 'hold' } : { kind: 'on_duty', userId: Number(value) } }); }}>
          <option value="hold">{t('distribution.pools.hold')}</option>
          {people.map((user) => <option key={user.id} value={user.id}>{t('distribution.pools.onDuty', { name: user.name })}</option>)}
        </select>
      </label>
      <FieldMessageText message={mine.get('whenNobodyAvailable.userId')} field="onDuty" />
      {!readOnly && <button type="button" class="fr-link" onClick={onRemove} data-fr-action="remove-pool">{t('distribution.pools.remove')}</button>}
    </fieldset>
  );
}
