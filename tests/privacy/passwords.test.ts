// The 10,000 most common passwords are refused offline, at sign-up, at registration's
// account creation and at password change, with a message on the password field.
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { users } from "#db/schema";
import { COMMON_PASSWORD_COUNT, commonPasswords, isCommonPassword } from "~/accounts/common-passwords.server";
import { createUser } from "~/accounts/users.server";
import { DomainError } from "~/utils/errors.server";
import { makeEvent } from "../helpers/factories";
import { client, startTestServer } from "../helpers/server";

const server = await startTestServer();
const userCount = () => getDb().select({ n: count() }).from(users).get()!.n;

describe("the list", () => {
  it("holds exactly 10,000 distinct passwords, loaded once", () => {
    expect(commonPasswords().size).toBe(COMMON_PASSWORD_COUNT);
    expect(commonPasswords()).toBe(commonPasswords());
  });

  it.each(["password", "123456", "qwertyuiop", "1234567890", "QwertyUIOP", " iloveyou ", "1q2w3e4r5t"])("knows %j", (password) =>
    expect(isCommonPassword(password)).toBe(true),
  );

  it.each(["correct horse battery", "exchange-demo", "Knowledge Exchange 2026!"])("lets %j through", (password) => {
    expect(isCommonPassword(password)).toBe(false);
  });
});

describe("where it applies", () => {
  it("createUser refuses a common password with a field error and writes nothing", async () => {
    const before = userCount();
    const error = await createUser({ email: "common@test.example", name: "C", password: "1234567890" }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.status).toBe(400);
    expect(error.fieldErrors.password[0]).toContain("10,000 most common");
    expect(userCount()).toBe(before);
  });

  it.each(["1234567890", "qwertyuiop", "q1w2e3r4t5", "PASSWORD123"])(
    "sign-up refuses %j with 400 on the password field",
    async (password) => {
      const before = userCount();
      const response = await client(server.url).post("/signup", { name: "Pat", email: "pat@test.example", password });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain("10,000 most common");
      expect(html).toMatch(/id="[^"]*password-error"/);
      expect(userCount()).toBe(before);
    },
  );

  it("the registration form refuses a common password when it creates the account", async () => {
    const event = makeEvent();
    const before = userCount();
    const response = await client(server.url).post(`/events/${event.slug}/register`, {
      intent: "register",
      name: "Reg Common",
      email: "reg.common@test.example",
      password: "1234567890",
      consent: "on",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("10,000 most common");
    expect(userCount()).toBe(before);
  });
});
