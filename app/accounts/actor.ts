// Whoever does something through a domain function: a signed-in person (a SessionUser
// fits), whether they are an admin, and the address they act from (for the audit log).
export type Actor = { id: number; isAdmin?: boolean; ip?: string | null };
