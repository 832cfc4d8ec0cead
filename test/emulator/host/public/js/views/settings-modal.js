// The widget install/settings modal of Settings → Integrations, with the DOM hooks widgets rely on
// (reference §2.5, §1.2.2): `.modal.<code>`, `.widget_settings_block`, `#widget_settings__fields_wrapper`,
// the manifest's settings fields as inputs, `#<code>_custom_content` + hidden `#<code>_custom` for
// the one `custom` field, `.js-widget-save`. Save runs callbacks.onSave({ active, fields }) first —
// it must return true (or a promise of true) for the save to go ahead — then posts to the sandbox.
//
// The modal is the widget's 'settings' area, entered by the same widget object as the page (there
// is one APP.widgets.list[code]): opening it leaves the page's area (destroy) and enters 'settings'
// (render → init → bind_actions → settings($modal_body)); closing it leaves 'settings' (destroy)
// and enters the page's area again.
import { postJson } from '../api.js';
import { WIDGET_CODE } from '../routes.js';
import { dig } from '../widget-host.js';

/**
 * @param {{ $: Function, Modal: new (o: Record<string, unknown>) => { destroy(): void },
 *   ctx: import('../widget-host.js').HostContext, strings: import('../types.js').Strings,
 *   area: { enter: ($body: unknown) => ReturnType<typeof import('../widget-host.js').createWidgetInstance> | null, leave: () => void },
 *   onSaved: (active: 'Y' | 'N') => Promise<void>, onClose?: () => void }} deps
 */
export function openSettingsModal({ $, Modal, ctx, strings, area, onSaved, onClose }) {
  const jq = /** @type {Function & { Deferred: Function }} */ ($);
  /** @type {ReturnType<typeof import('../widget-host.js').createWidgetInstance> | null} */
  let instance = null;

  return new Modal({
    class_name: `modal-list widget-settings-modal ${WIDGET_CODE}`,
    init(/** @type {import('../types.js').JQueryCollection} */ $body) {
      const installed = ctx.params.active === 'Y';
      $body.append(settingsBlock(jq, ctx, strings, installed));
      const $save = $body.find('.js-widget-save');
      // The custom field announces edits with jQuery .trigger('change') (reference §1.2.2), which
      // only jQuery handlers hear — so the wiring here is jQuery too.
      $body.on('change input', '#widget_settings__fields_wrapper :input', () => $save.removeClass('button-input-disabled'));
      $save.on('click', () => { if (!$save.hasClass('button-input-disabled')) void save($body, 'Y'); });
      $body.find('.js-widget-disable').on('click', () => void save($body, 'N'));

      instance = area.enter($body);
    },
    destroy() {
      instance = null;
      area.leave();
      onClose?.();
    },
  });

  /** @param {import('../types.js').JQueryCollection} $body @param {'Y'|'N'} active */
  async function save($body, active) {
    const $save = $body.find('.js-widget-save');
    if (!instance) return;
    const evt = { active, fields: collectFields($body) };
    let allowed;
    try {
      const verdict = instance.call('onSave', evt);
      allowed = (verdict && typeof verdict.then === 'function' ? await verdict : verdict) === true;
    } catch {
      allowed = false;
    }
    if (!allowed) {
      $save.trigger('button:save:error').addClass('button-input--error');
      return;
    }
    $save.addClass('button-input-disabled').removeClass('button-input--error');
    try {
      await postJson('/_emulator/widget/settings', { active: evt.active, fields: evt.fields });
      await onSaved(evt.active);
      $body.find('.widget_settings_block__status').text(evt.active === 'Y' ? strings.installed : strings.notInstalled);
      $save.text(strings.save);
      $body.find('.js-widget-disable').toggle(evt.active === 'Y');
    } catch (error) {
      $save.removeClass('button-input-disabled').trigger('button:save:error').addClass('button-input--error');
      console.error('[host] widget settings save failed', error);
    }
  }
}

/** Field values as amoCRM stores them: text/pass strings, users objects, custom a string. @param {import('../types.js').JQueryCollection} $body */
function collectFields($body) {
  /** @type {Record<string, unknown>} */
  const fields = {};
  $body.find('#widget_settings__fields_wrapper [data-setting]').each((/** @type {number} */ _i, /** @type {HTMLElement} */ el) => {
    const key = String(el.dataset.setting);
    if (el.dataset.settingType === 'users') {
      const byUser = /** @type {Record<string, string>} */ (fields[key] ?? {});
      byUser[String(el.dataset.userId)] = /** @type {HTMLInputElement} */ (el).value;
      fields[key] = byUser;
    } else {
      fields[key] = /** @type {HTMLInputElement} */ (el).value;
    }
  });
  return fields;
}

/** @param {Function} jq @param {import('../widget-host.js').HostContext} ctx @param {import('../types.js').Strings} strings @param {boolean} installed */
function settingsBlock(jq, ctx, strings, installed) {
  const i18n = (/** @type {string} */ key) => {
    const v = dig(ctx.langs, key);
    return typeof v === 'string' ? v : key;
  };
  const settings = /** @type {Record<string, { name?: string, type?: string, required?: boolean }>} */ (ctx.manifest?.settings ?? {});
  const version = encodeURIComponent(String(ctx.params.version));

  const $block = jq('<div class="widget_settings_block"></div>');
  const $head = jq('<div class="widget_settings_block__head"><img class="widget_settings_block__logo" alt="">'
    + '<div><div class="widget_settings_block__name"></div><div class="widget_settings_block__status"></div></div></div>');
  $head.find('img').attr('src', `${ctx.params.path}/images/logo_main.png?v=${version}`);
  $head.find('.widget_settings_block__name').text(i18n('widget.name'));
  $head.find('.widget_settings_block__status').text(installed ? strings.installed : strings.notInstalled);
  const $desc = jq('<div class="widget-settings__desc-space"></div>').text(i18n('widget.short_description'));

  const $fields = jq('<div id="widget_settings__fields_wrapper" class="widget_settings_block__fields"></div>');
  for (const [key, spec] of Object.entries(settings)) {
    const stored = ctx.params[key];
    const $item = jq('<div class="widget_settings_block__item_field"><div class="widget_settings_block__title_field"></div>'
      + '<div class="widget_settings_block__input_field"></div></div>');
    $item.find('.widget_settings_block__title_field').text(`${i18n(spec.name ?? key)}${spec.required ? ' *' : ''}`);
    const $control = $item.find('.widget_settings_block__input_field');
    if (spec.type === 'custom') {
      $item.addClass('widget_settings_block__item_field--custom');
      $control.append(jq(`<div id="${WIDGET_CODE}_custom_content"></div>`));
      $control.append(jq(`<input type="hidden" id="${WIDGET_CODE}_custom">`)
        .attr({ name: key, 'data-setting': key, 'data-setting-type': 'custom' })
        .val(typeof stored === 'string' ? stored : stored === undefined ? '' : JSON.stringify(stored)));
    } else if (spec.type === 'users') {
      const byUser = stored && typeof stored === 'object' ? /** @type {Record<string, string>} */ (stored) : {};
      for (const manager of Object.values(/** @type {Record<string, {id: number, title: string}>} */ (ctx.app.constant('managers') ?? {}))) {
        const $row = jq('<label class="widget_settings_block__user_row"><span></span><input class="text-input" type="text"></label>');
        $row.find('span').text(manager.title);
        $row.find('input').attr({ name: `${key}[${manager.id}]`, 'data-setting': key, 'data-setting-type': 'users', 'data-user-id': manager.id })
          .val(byUser[String(manager.id)] ?? '');
        $control.append($row);
      }
    } else {
      $control.append(jq('<input class="text-input">')
        .attr({ type: spec.type === 'pass' ? 'password' : 'text', name: key, 'data-setting': key, 'data-setting-type': spec.type ?? 'text' })
        .val(typeof stored === 'string' || typeof stored === 'number' ? String(stored) : ''));
    }
    $fields.append($item);
  }

  const $controls = jq('<div class="widget_settings_block__controls"></div>');
  const $save = jq('<button type="button" class="button-input button-input--primary js-widget-save"></button>')
    .text(installed ? strings.save : strings.install);
  if (installed) $save.addClass('button-input-disabled');
  const $disable = jq('<button type="button" class="button-input button-input--link js-widget-disable"></button>').text(strings.disable);
  if (!installed) $disable.hide();
  $controls.append($save, $disable);
  return $block.append($head, $desc, $fields, $controls);
}
