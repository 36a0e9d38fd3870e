// The audit table shows stored details as people read them, not as raw JSON.
import { describe, expect, it } from "vitest";
import { describeDetails } from "~/audit/ui/audit-table";

describe("audit details", () => {
  it("shows field changes as from → to", () => {
    expect(
      describeDetails(JSON.stringify({ changed: { status: { from: "draft", to: "published" }, capacity: { from: 40, to: 25 } } })),
    ).toBe("status: draft → published · capacity: 40 → 25");
  });

  it("shows a state move first, then the other keys, and leaves out empty lists", () => {
    expect(describeDetails(JSON.stringify({ from: "pending", to: "waitlisted", promoted: [] }))).toBe("pending → waitlisted");
    expect(describeDetails(JSON.stringify({ from: "confirmed", to: "cancelled", promoted: [12] }))).toBe(
      "confirmed → cancelled · promoted: [12]",
    );
    expect(describeDetails(JSON.stringify({ title: "Lean Coffee", capacity: 30 }))).toBe("title: Lean Coffee · capacity: 30");
  });

  it("keeps anything that is not a JSON object as stored", () => {
    expect(describeDetails("not json")).toBe("not json");
    expect(describeDetails("[1,2]")).toBe("[1,2]");
    expect(describeDetails("42")).toBe("42");
  });
});
