// The host page's own words, in the two languages amoCRM.ru offers. The widget brings its own.
const STRINGS = {
  ru: {
    dashboard: 'Рабочий стол', leads: 'Сделки', tasks: 'Задачи', lists: 'Списки', mail: 'Почта',
    stats: 'Статистика', settings: 'Настройки', search: 'Поиск и фильтр', pipelineView: 'Воронка',
    listView: 'Список', deals: (/** @type {number} */ n) => `${n} ${plural(n, 'сделка', 'сделки', 'сделок')}`,
    noDeals: 'Нет сделок', newLead: '+ Новая сделка', budget: 'Бюджет', responsible: 'Ответственный',
    stage: 'Этап', name: 'Название', created: 'Создана', save: 'Сохранить', cancel: 'Отмена',
    saved: 'Сохранено', integrations: 'Интеграции', general: 'Общие настройки', users: 'Пользователи',
    communication: 'Средства коммуникации', installed: 'Установлено', notInstalled: 'Не установлено',
    notConfigured: 'Требует настройки', install: 'Установить', disable: 'Отключить', widgetSaveError: 'Не удалось сохранить',
    loading: 'Загрузка…', loadError: 'Не удалось загрузить', noRights: 'Недостаточно прав', userSwitch: 'Войти как',
    roles: { admin: 'администратор', head: 'руководитель', manager: 'менеджер' },
    widgetPanel: 'Виджеты', mainTab: 'Основное', notFound: 'Страница не найдена', widgetMissing: 'Виджет не загружен',
    open: 'Открыть',
  },
  en: {
    dashboard: 'Dashboard', leads: 'Leads', tasks: 'Tasks', lists: 'Lists', mail: 'Mail',
    stats: 'Analytics', settings: 'Settings', search: 'Search and filter', pipelineView: 'Pipeline',
    listView: 'List', deals: (/** @type {number} */ n) => `${n} ${n === 1 ? 'lead' : 'leads'}`,
    noDeals: 'No leads', newLead: '+ New lead', budget: 'Budget', responsible: 'Responsible user',
    stage: 'Stage', name: 'Name', created: 'Created', save: 'Save', cancel: 'Cancel',
    saved: 'Saved', integrations: 'Integrations', general: 'General settings', users: 'Users',
    communication: 'Communication tools', installed: 'Installed', notInstalled: 'Not installed',
    notConfigured: 'Needs configuring', install: 'Install', disable: 'Disable', widgetSaveError: 'Could not save',
    loading: 'Loading…', loadError: 'Could not load', noRights: 'Not enough rights', userSwitch: 'Sign in as',
    roles: { admin: 'admin', head: 'head', manager: 'manager' },
    widgetPanel: 'Widgets', mainTab: 'Main', notFound: 'Page not found', widgetMissing: 'Widget not loaded',
    open: 'Open',
  },
};

/** @param {number} n @param {string} one @param {string} few @param {string} many */
function plural(n, one, few, many) {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

/** @param {string} lang */
export function stringsFor(lang) {
  return lang === 'en' ? STRINGS.en : STRINGS.ru;
}
