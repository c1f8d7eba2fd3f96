// Kept apart from Orgs.test.ts because the screen reports itself once per module instance, and
// Vitest gives each test file its own.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { fakeBackend, keychainReady, type Call } from "../testing/fake-backend";
import { manyOrgs } from "../testing/orgs";
import Orgs from "./Orgs.svelte";

function orgsReports(calls: readonly Call[]): number {
  return calls.filter((call) => call.command === "screenShown" && call.screen === "orgs").length;
}

describe("Orgs screen report", () => {
  it("is sent once, after rows with data", async () => {
    const empty = fakeBackend([keychainReady()], { listOrgs: [{ ok: true, value: [[]] }] });
    const first = render(Orgs, { backend: empty, go: vi.fn() });
    await screen.findByText("The account has no orgs yet.");
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(orgsReports(empty.calls)).toBe(0);
    first.unmount();

    const orgs = manyOrgs(30);
    const withData = fakeBackend([keychainReady()], {
      listOrgs: [
        { ok: true, value: [orgs] },
        { ok: true, value: [orgs] },
      ],
    });
    const second = render(Orgs, { backend: withData, go: vi.fn() });
    await screen.findAllByTestId("org-row");
    await waitFor(() => {
      expect(orgsReports(withData.calls)).toBe(1);
    });

    await fireEvent.click(screen.getByRole("button", { name: "Reload" }));
    await waitFor(() => {
      expect(withData.calls.filter((call) => call.command === "listOrgs")).toHaveLength(2);
    });
    await screen.findAllByTestId("org-row");
    second.unmount();
    const again = fakeBackend([keychainReady()], { listOrgs: [{ ok: true, value: [orgs] }] });
    render(Orgs, { backend: again, go: vi.fn() });
    await screen.findAllByTestId("org-row");
    await new Promise((resolve) => requestAnimationFrame(resolve));

    expect(orgsReports(withData.calls)).toBe(1);
    expect(orgsReports(again.calls)).toBe(0);
  });
});
