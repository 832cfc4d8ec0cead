// The APP global (AMOCRM is the deprecated alias of the same object, reference §2.4), filled from
// GET /_emulator/bootstrap. Area fields change as the page navigates without reloading.

/**
 * @param {import('./types.js').Bootstrap} bootstrap
 * @param {ReturnType<typeof import('./notifications.js').createNotifications>} notifications
 */
export function createApp(bootstrap, notifications) {
  const constants = {
    user: bootstrap.user,
    user_rights: bootstrap.user_rights,
    account: bootstrap.account,
    managers: bootstrap.managers,
    groups: bootstrap.groups,
    task_types: bootstrap.task_types,
  };
  const state = { widgetsArea: 'dashboard', baseEntity: 'dashboard', isCard: false, area: 'everywhere' };
  const users = Array.isArray(bootstrap.users) ? bootstrap.users : [];

  const app = {
    /** @param {string} name */
    constant: (name) => (Object.hasOwn(constants, name) ? constants[/** @type {keyof typeof constants} */ (name)] : undefined),
    getWidgetsArea: () => state.widgetsArea,
    getBaseEntity: () => state.baseEntity,
    isCard: () => state.isCard,
    lang_id: String(bootstrap.lang ?? 'ru'),
    /** @type {{ current_card: Record<string, unknown> | undefined, current_view: string | null }} */
    data: { current_card: undefined, current_view: null },
    notifications,
    sdk: {
      // Presence: the sandbox only knows who is signed in to this page.
      showUserStatus: () => Object.fromEntries(users.map((u) => [String(u.id), { id: u.id, online: u.id === bootstrap.user?.id }])),
      setCallingStatus: () => undefined,
    },
    widgets: {
      /** @type {Record<string, unknown>} */
      list: {},
      system: { get area() { return state.area; } },
    },
    element_types: { contacts: 1, leads: 2, companies: 3, customers: 12 },
    cf_types: {},
  };

  return {
    app,
    /** @param {{ area: string, widgetsArea: string, baseEntity: string, isCard: boolean }} info @param {string | null} view */
    setArea(info, view) {
      Object.assign(state, info);
      app.data.current_view = view;
    },
  };
}
