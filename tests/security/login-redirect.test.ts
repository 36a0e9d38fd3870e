// A redirect built from what the client sent is always a valid header (issue 18,
// finding 7): `/login?redirectTo=/%E3%80%80` used to sign the person in and then answer
// 500 (a non-ASCII Location), leaving a session nobody received. Now the target is
// percent-encoded, and the session is made only once the reply is built.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { authSessions, users } from "#db/schema";
import { makeUser, TEST_PASSWORD } from "../helpers/factories";
import { client, startTestServer } from "../helpers/server";

const server = await startTestServer();
const sessionsOf = (userId: number) => getDb().select({ n: count() }).from(authSessions).where(eq(authSessions.userId, userId)).get()!.n;

describe("signing in with a redirect target that is not ASCII", () => {
  it("logs in and redirects to the percent-encoded path, with exactly one session", async () => {
    const user = await makeUser();
    // The login page copies ?redirectTo= (decoded) into its hidden field: this is what it posts.
    const response = await client(server.url).post("/login?redirectTo=/%E3%80%80", {
      email: user.email!,
      password: TEST_PASSWORD,
      redirectTo: "/\u3000",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/%E3%80%80");
    expect(response.headers.get("set-cookie")).toMatch(/^kx_session=/);
    expect(sessionsOf(user.id)).toBe(1);
  });

  it("signs up and redirects the same way", async () => {
    const email = `unicode-${Date.now()}@test.example`;
    const response = await client(server.url).post("/signup", {
      name: "Uni Code",
      email,
      password: "a long enough password here",
      redirectTo: "/notes?q=café",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/notes?q=caf%C3%A9");
    const user = getDb().select().from(users).where(eq(users.email, email)).get()!;
    expect(sessionsOf(user.id)).toBe(1);
  });
});
