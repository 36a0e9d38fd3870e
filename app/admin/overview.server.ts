// The admin console's front page: how many of what, and what needs a look.
import { getDb } from "#db/client";

export function adminOverview(db = getDb()) {
  const one = (query: string) => (db.$client.prepare(query).pluck().get() as number) ?? 0;
  return {
    organisations: one("SELECT count(*) FROM organisations"),
    domains: one("SELECT count(*) FROM organisation_domains"),
    // Accounts: guests (no e-mail, ADR 025) are not people with an account.
    people: one("SELECT count(*) FROM users WHERE deleted_at IS NULL AND email IS NOT NULL"),
    unverified: one("SELECT count(*) FROM users WHERE deleted_at IS NULL AND email IS NOT NULL AND email_verified_at IS NULL"),
    grantedAdmins: one("SELECT count(*) FROM users WHERE deleted_at IS NULL AND is_admin = 1"),
    eventCreators: one("SELECT count(*) FROM users WHERE deleted_at IS NULL AND may_create_events = 1"),
    outboxFailed: one("SELECT count(*) FROM outbox WHERE status = 'failed'"),
    outboxQueued: one("SELECT count(*) FROM outbox WHERE status = 'queued'"),
  };
}
