/**
 * Roles an embed token can grant. `customer`, `billing` and `technical` are the
 * customer's own people; `staff` is the provider's account or support staff acting within
 * the token's tenant; `operator` may change what every tenant shares (catalog, knowledge
 * base), so grant it only to the provider's own platform team.
 */
export const Role = {
  customer: 'customer',
  billing: 'billing',
  technical: 'technical',
  staff: 'staff',
  operator: 'operator',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES = Object.values(Role) as [Role, ...Role[]];
