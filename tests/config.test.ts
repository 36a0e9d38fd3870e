// The environment is validated once at boot (app/utils/env.server.ts). This file runs
// in its own process, so it may change process.env freely between cases.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultFromAddress } from "~/outbox/delivery.server";
import { getEnv, resetEnvCache } from "~/utils/env.server";
import { publicOrigin } from "~/utils/public-origin.server";

const original = { ...process.env };

function withEnv(values: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
  return getEnv();
}

afterEach(() => {
  process.env = { ...original };
  resetEnvCache();
});

describe("configuration", () => {
  it("makes the demo admin an admin by default while demo seeding is on", () => {
    expect([...withEnv({ ADMIN_EMAILS: undefined, SEED_DEMO: undefined }).adminEmails]).toEqual(["admin@aurora.example"]);
    expect([...withEnv({ ADMIN_EMAILS: undefined, SEED_DEMO: "1" }).adminEmails]).toEqual(["admin@aurora.example"]);
  });

  it("has no default admin when demo seeding is off", () => {
    expect(withEnv({ ADMIN_EMAILS: undefined, SEED_DEMO: "0" }).adminEmails.size).toBe(0);
  });

  it("uses ADMIN_EMAILS when set: comma-separated, trimmed, case-insensitive", () => {
    const env = withEnv({ ADMIN_EMAILS: " Boss@Corp.example ,ops@corp.example,", SEED_DEMO: undefined });
    expect([...env.adminEmails].sort()).toEqual(["boss@corp.example", "ops@corp.example"]);
  });

  it("applies the documented defaults", () => {
    const env = withEnv({
      DATABASE_PATH: undefined,
      PORT: undefined,
      RETENTION_DAYS: undefined,
      SEED_DEMO: undefined,
      SESSION_SECRET: "x".repeat(32),
    });
    expect(env).toMatchObject({ DATABASE_PATH: "./data/exchange.db", PORT: 3000, RETENTION_DAYS: 90, SEED_DEMO: "1" });
  });

  it.each([
    [{ PORT: "not-a-port" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ RETENTION_DAYS: "0" }, "RETENTION_DAYS"],
    [{ SEED_DEMO: "yes" }, "SEED_DEMO"],
    [{ SMTP_URL: "not a url" }, "SMTP_URL"],
    [{ SESSION_SECRET: "short" }, "SESSION_SECRET"],
  ])("refuses invalid configuration %j at boot, naming the variable", (values, name) => {
    expect(() => withEnv(values)).toThrow(new RegExp(`Invalid configuration:[\\s\\S]*${name}`));
  });

  it("ignores vitest's BASE_URL=/ and accepts a real URL", () => {
    expect(withEnv({ BASE_URL: "/" }).BASE_URL).toBeUndefined();
    expect(withEnv({ BASE_URL: "https://exchange.example" }).BASE_URL).toBe("https://exchange.example");
  });

  it("generates a session secret beside the database and keeps it across restarts", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kx-config-"));
    try {
      const databasePath = path.join(dir, "nested", "exchange.db");
      const first = withEnv({ SESSION_SECRET: undefined, DATABASE_PATH: databasePath }).SESSION_SECRET;
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      const file = path.join(dir, "nested", "session-secret");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(withEnv({ SESSION_SECRET: undefined, DATABASE_PATH: databasePath }).SESSION_SECRET).toBe(first);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("sends mail from MAIL_FROM when set, else no-reply at BASE_URL's host", () => {
    withEnv({ MAIL_FROM: undefined, BASE_URL: "https://exchange.example.com" });
    expect(defaultFromAddress()).toBe("Knowledge Exchange <no-reply@exchange.example.com>");
    withEnv({ MAIL_FROM: "Exchange Team <team@exchange.example.com>" });
    expect(defaultFromAddress()).toBe("Exchange Team <team@exchange.example.com>");
    withEnv({ MAIL_FROM: "team@exchange.example.com" });
    expect(defaultFromAddress()).toBe("team@exchange.example.com");
  });

  it("refuses a MAIL_FROM that is not an address, naming the variable", () => {
    for (const bad of ["not an address", "team@", "Team <team@example.com", "a@b.c\r\nBcc: x@y.z"]) {
      expect(() => withEnv({ MAIL_FROM: bad }), bad).toThrow(/MAIL_FROM: Use name@domain/);
    }
  });

  it('refuses a TRUST_PROXY that is not 0 or 1 ("true" used to mean "not trusted" silently)', () => {
    expect(() => withEnv({ TRUST_PROXY: "true" })).toThrow(/Invalid configuration:[\s\S]*TRUST_PROXY/);
    expect(withEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe("1");
    expect(withEnv({ TRUST_PROXY: undefined }).TRUST_PROXY).toBe("0");
  });

  it("caps live streams at 1,000 per address and 4,000 in all unless set, and refuses a cap that is not a whole number of at least 1", () => {
    const unset = withEnv({ LIVE_STREAMS_PER_ADDRESS: undefined, LIVE_STREAMS_TOTAL: undefined });
    expect([unset.LIVE_STREAMS_PER_ADDRESS, unset.LIVE_STREAMS_TOTAL]).toEqual([1_000, 4_000]);
    const set = withEnv({ LIVE_STREAMS_PER_ADDRESS: "300", LIVE_STREAMS_TOTAL: "8000" });
    expect([set.LIVE_STREAMS_PER_ADDRESS, set.LIVE_STREAMS_TOTAL]).toEqual([300, 8_000]);
    for (const bad of ["0", "-5", "2.5", "lots"]) {
      expect(() => withEnv({ LIVE_STREAMS_PER_ADDRESS: bad }), bad).toThrow(/Invalid configuration:[\s\S]*LIVE_STREAMS_PER_ADDRESS/);
      expect(() => withEnv({ LIVE_STREAMS_TOTAL: bad }), bad).toThrow(/Invalid configuration:[\s\S]*LIVE_STREAMS_TOTAL/);
    }
  });
});

describe("the origin of links that leave the app (feeds, calendars, exports, e-mails)", () => {
  it("is BASE_URL's when set, whatever host a request names", () => {
    withEnv({ BASE_URL: "https://exchange.example.com/" });
    expect(publicOrigin(new Request("http://evil.example/notes/feed.xml"))).toBe("https://exchange.example.com");
    expect(publicOrigin(new Request("http://localhost:3000/notes/feed.xml"))).toBe("https://exchange.example.com");
    expect(publicOrigin()).toBe("https://exchange.example.com");
  });

  it("without BASE_URL, is the request's own only when its host names this machine, else http://localhost:PORT", () => {
    withEnv({ BASE_URL: undefined, PORT: "4321" });
    for (const own of [
      "http://localhost:8080",
      "http://app.localhost:3000",
      "http://127.0.0.2:3000",
      "http://[::1]:3000",
      `http://${os.hostname()}:3000`,
    ]) {
      expect(publicOrigin(new Request(`${own}/notes`)), own).toBe(new URL(own).origin);
    }
    for (const foreign of [
      "http://evil.example",
      "http://localhost.evil.example:3000",
      "http://127.0.0.1.evil.example",
      "https://exchange.example.com",
    ]) {
      expect(publicOrigin(new Request(`${foreign}/notes`)), foreign).toBe("http://localhost:4321");
    }
    expect(publicOrigin()).toBe("http://localhost:4321");
  });
});
