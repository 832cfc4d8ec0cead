/**
 * amoCRM role rights (platform reference §3.4): A = all, G = the user's group, M = only where the user
 * is responsible, D = denied. The sandbox applies them to session calls and to bearer calls
 * (which act as the admin who issued the token, or as X-Context-User-ID).
 */
import type { LeadWire, RightLevel, TaskWire } from './wire';
import type { SandboxUser } from './model';

function allows(level: RightLevel, user: SandboxUser, owner: { responsible_user_id: number; group_id: number }): boolean {
  switch (level) {
    case 'A': return true;
    case 'G': return owner.group_id === user.group_id;
    case 'M': return owner.responsible_user_id === user.id;
    case 'D': return false;
  }
}

export const canViewLead = (user: SandboxUser, lead: LeadWire): boolean => allows(user.rights.leads.view, user, lead);
export const canEditLead = (user: SandboxUser, lead: LeadWire): boolean => allows(user.rights.leads.edit, user, lead);

/** A task is visible when its own responsible is, or when the lead it belongs to is. */
export function canViewTask(user: SandboxUser, task: TaskWire, lead: LeadWire | undefined): boolean {
  return allows(user.rights.leads.view, user, task) || (lead !== undefined && canViewLead(user, lead));
}
export const canEditTask = (user: SandboxUser, task: TaskWire, lead: LeadWire | undefined): boolean =>
  allows(user.rights.tasks.edit, user, task) || (lead !== undefined && canEditLead(user, lead));

export const canViewContact = (user: SandboxUser, contact: { responsible_user_id: number; group_id: number }): boolean =>
  allows(user.rights.contacts.view, user, contact);
