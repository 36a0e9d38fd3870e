// The environment, read and validated once. With nothing configured the app runs on
// ./data/exchange.db and keeps a generated session secret beside the database.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().min(1).default("./data/exchange.db"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BASE_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().min(16).optional(),
  /** Unset: admin@aurora.example while the demo is seeded (SEED_DEMO≠0), else nobody. */
  ADMIN_EMAILS: z.string().optional(),
  SMTP_URL: z.string().url().optional(),
  /** Sender of every e-mail: `name@domain` or `Display Name <name@domain>`. */
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>\r\n]+ )?<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>$|^[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+$/, {
      message: "Use name@domain or Display Name <name@domain>.",
    })
    .optional(),
  RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  SEED_DEMO: z.enum(["0", "1"]).default("1"),
  /** 1: behind a reverse proxy whose X-Forwarded-* headers are believed (server/app.js). */
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** Live streams (SSE) one client address may hold open at once: a venue's phones share one. */
  LIVE_STREAMS_PER_ADDRESS: z.coerce.number().int().min(1).default(1_000),
  /** Live streams this process holds open at once (the benchmark holds 2,000). */
  LIVE_STREAMS_TOTAL: z.coerce.number().int().min(1).default(4_000),
});

export type Env = z.infer<typeof envSchema> & {
  SESSION_SECRET: string;
  adminEmails: Set<string>;
};

/** The demo's admin account (db/seed/accounts.ts), admin by default while demo seeding is on. */
export const DEMO_ADMIN_EMAIL = "admin@aurora.example";

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  // Vitest sets BASE_URL="/" for its own use; treat a non-URL as unset.
  const raw = { ...process.env };
  if (raw.BASE_URL && !/^https?:\/\//.test(raw.BASE_URL)) delete raw.BASE_URL;
  for (const key of Object.keys(raw)) if (raw[key] === "") delete raw[key];
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const env = parsed.data;
  cached = {
    ...env,
    SESSION_SECRET: env.SESSION_SECRET ?? loadOrCreateSecret(env.DATABASE_PATH),
    adminEmails: new Set(
      (env.ADMIN_EMAILS ?? (env.SEED_DEMO === "0" ? "" : DEMO_ADMIN_EMAIL))
        .split(",")
        .map((email) => email.trim().toLowerCase())
        .filter(Boolean),
    ),
  };
  return cached;
}

function loadOrCreateSecret(databasePath: string): string {
  if (databasePath === ":memory:") return crypto.randomBytes(32).toString("hex");
  const file = path.join(path.dirname(path.resolve(databasePath)), "session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = crypto.randomBytes(32).toString("hex");
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

/** Only for tests that change the environment between cases. */
export function resetEnvCache() {
  cached = undefined;
}
