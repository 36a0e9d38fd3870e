// The name of the honeypot input that public forms carry (app/components/honeypot.tsx draws
// it, honeypot.server.ts checks it): here so that both layers import it from below.
export const HONEYPOT_FIELD = "website_url";
