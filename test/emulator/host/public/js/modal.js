// 'lib/components/base/modal' as widgets use it (reference §2.5, kommo-crm/birthday-widget):
//   new Modal({ class_name, init($modal_body), destroy }) opens a modal;
//   new Modal().showError(text) / showSuccess(text, _, delay) show a small popup.

/** @param {Function} jq the page's jQuery (from RequireJS) */
export function createModalClass(jq) {
  return class Modal {
    /** @param {{ class_name?: string, init?: (body: unknown) => void, destroy?: () => unknown, disable_overlay_click?: boolean }} [options] */
    constructor(options = {}) {
      this.options = options;
      this.$modal = null;
      this.onKey = (/** @type {KeyboardEvent} */ e) => { if (e.key === 'Escape') this.destroy(); };
      if (typeof options.init === 'function') this.open();
    }

    open() {
      const opts = this.options;
      const $modal = jq('<div class="modal"><div class="modal-overlay"></div><div class="modal-scroller">'
        + '<div class="modal-body"><span class="modal-body__close" role="button" aria-label="close">×</span>'
        + '<div class="modal-body__inner"></div></div></div></div>');
      if (opts.class_name) $modal.addClass(opts.class_name);
      $modal.find('.modal-body__close').on('click', () => this.destroy());
      if (!opts.disable_overlay_click) $modal.find('.modal-overlay').on('click', () => this.destroy());
      // Widgets call .trigger('modal:loaded') / ('modal:centrify') on the body; centring is CSS here.
      jq('body').append($modal).addClass('page-has-modal');
      document.addEventListener('keydown', this.onKey);
      this.$modal = $modal;
      opts.init?.($modal.find('.modal-body__inner'));
    }

    destroy() {
      if (!this.$modal) return;
      const $modal = this.$modal;
      this.$modal = null;
      document.removeEventListener('keydown', this.onKey);
      try {
        this.options.destroy?.();
      } finally {
        $modal.remove();
        if (jq('.modal').length === 0) jq('body').removeClass('page-has-modal');
      }
    }

    /** @param {unknown} text */
    showError(text) { popup('error', text, 4000); }

    /** @param {unknown} text @param {unknown} [_reload] @param {number} [delay] */
    showSuccess(text, _reload, delay) { popup('success', text, typeof delay === 'number' ? delay : 2500); }
  };

  /** @param {'error'|'success'} kind @param {unknown} text @param {number} ms */
  function popup(kind, text, ms) {
    const $p = jq('<div class="modal-popup"><div class="modal-popup__icon"></div><div class="modal-popup__text"></div></div>');
    $p.addClass(`modal-popup--${kind}`).find('.modal-popup__text').text(String(text ?? ''));
    jq('body').append($p);
    setTimeout(() => $p.remove(), ms);
  }
}
