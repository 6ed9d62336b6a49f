export const ROLES = ['rider', 'driver', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a token. */
export interface Principal {
  /** Subject: the rider's id for riders, the driver's id for drivers, an operator id. */
  sub: string;
  role: Role;
  /** County the principal belongs to (operators and drivers are scoped to one). */
  countyId?: string;
}
