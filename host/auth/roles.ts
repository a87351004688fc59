/**
 * Roles an embed token can grant. `customer`, `billing` and `technical` are the
 * customer's own people; `staff` is the provider's account or support staff acting within
 * the token's tenant; `operator` reaches across tenants (it changes what every tenant shares,
 * the catalog and knowledge base, and reads the account book of every account), so grant it
 * only to the provider's own people.
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
