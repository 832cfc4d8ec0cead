// The host page's own words, in the languages amoCRM / Kommo offer. The widget brings its own.
const STRINGS = {
  ru: {
    lossReason: 'Причина отказа', noLossReason: 'Не указана', newLeadName: 'Новая сделка',
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
    lossReason: 'Loss reason', noLossReason: 'Not set', newLeadName: 'New lead',
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
  es: {
    lossReason: 'Motivo de pérdida', noLossReason: 'Sin indicar', newLeadName: 'Nuevo lead',
    dashboard: 'Escritorio', leads: 'Leads', tasks: 'Tareas', lists: 'Listas', mail: 'Correo',
    stats: 'Estadísticas', settings: 'Configuración', search: 'Buscar y filtrar', pipelineView: 'Embudo',
    listView: 'Lista', deals: (/** @type {number} */ n) => `${n} ${n === 1 ? 'lead' : 'leads'}`,
    noDeals: 'No hay leads', newLead: '+ Nuevo lead', budget: 'Presupuesto', responsible: 'Usuario responsable',
    stage: 'Etapa', name: 'Nombre', created: 'Creado', save: 'Guardar', cancel: 'Cancelar',
    saved: 'Guardado', integrations: 'Integraciones', general: 'Configuración general', users: 'Usuarios',
    communication: 'Herramientas de comunicación', installed: 'Instalado', notInstalled: 'No instalado',
    notConfigured: 'Requiere configuración', install: 'Instalar', disable: 'Desactivar', widgetSaveError: 'No se pudo guardar',
    loading: 'Cargando…', loadError: 'No se pudo cargar', noRights: 'Permisos insuficientes', userSwitch: 'Entrar como',
    roles: { admin: 'administrador', head: 'jefe', manager: 'vendedor' },
    widgetPanel: 'Widgets', mainTab: 'Principal', notFound: 'Página no encontrada', widgetMissing: 'Widget no cargado',
    open: 'Abrir',
  },
  pt: {
    lossReason: 'Motivo da perda', noLossReason: 'Não informado', newLeadName: 'Novo lead',
    dashboard: 'Painel', leads: 'Leads', tasks: 'Tarefas', lists: 'Listas', mail: 'E-mail',
    stats: 'Estatísticas', settings: 'Configurações', search: 'Pesquisar e filtrar', pipelineView: 'Funil',
    listView: 'Lista', deals: (/** @type {number} */ n) => `${n} ${n === 1 ? 'lead' : 'leads'}`,
    noDeals: 'Nenhum lead', newLead: '+ Novo lead', budget: 'Orçamento', responsible: 'Usuário responsável',
    stage: 'Etapa', name: 'Nome', created: 'Criado', save: 'Salvar', cancel: 'Cancelar',
    saved: 'Salvo', integrations: 'Integrações', general: 'Configurações gerais', users: 'Usuários',
    communication: 'Ferramentas de comunicação', installed: 'Instalado', notInstalled: 'Não instalado',
    notConfigured: 'Requer configuração', install: 'Instalar', disable: 'Desativar', widgetSaveError: 'Não foi possível salvar',
    loading: 'Carregando…', loadError: 'Não foi possível carregar', noRights: 'Permissões insuficientes', userSwitch: 'Entrar como',
    roles: { admin: 'administrador', head: 'gerente', manager: 'vendedor' },
    widgetPanel: 'Widgets', mainTab: 'Principal', notFound: 'Página não encontrada', widgetMissing: 'Widget não carregado',
    open: 'Abrir',
  },
};

/** The languages of the top bar's switch, each named in itself. */
export const LANGUAGES = [
  { code: 'ru', name: 'Русский' }, { code: 'en', name: 'English' }, { code: 'es', name: 'Español' }, { code: 'pt', name: 'Português' },
];

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
  return lang === 'en' || lang === 'es' || lang === 'pt' ? STRINGS[lang] : STRINGS.ru;
}
