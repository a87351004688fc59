/** Roles an embed token can grant (DESIGN.md). */
export const Role = {
  customer: 'customer',
  billing: 'billing',
  technical: 'technical',
  staff: 'staff',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES = Object.values(Role) as [Role, ...Role[]];
