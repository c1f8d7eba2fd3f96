import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { HistoryEntry, IpcError } from "../lib/backend";
import { fakeBackend, keychainReady } from "../testing/fake-backend";
import History from "./History.svelte";
import { changeSummary } from "./history";

function entry(overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: 1,
    startedAt: "2026-12-04T10:00:00Z",
    finishedAt: "2026-12-04T10:00:01Z",
    profile: "Demo",
    org: "00o1",
    action: "status",
    state: "succeeded",
    request: JSON.stringify({ orgId: "00o1", name: "Contoso", status: "INACTIVE" }),
    result: null,
    failure: null,
    errorCode: null,
    errorId: null,
    ...overrides,
  };
}

function failure(message: string): IpcError {
  return { code: "journal_failed", message, fix: null, details: null, okta: null };
}

describe("History screen", () => {
  it("filters by the org it was opened for", async () => {
    const backend = fakeBackend([keychainReady()], { history: [{ ok: true, value: [entry()] }] });

    render(History, { backend, orgId: "00o1" });

    await screen.findByTestId("history-row");
    expect(backend.calls).toEqual([{ command: "history", filter: { org: "00o1", action: null } }]);
  });

  it("shows Okta's errorId behind Details", async () => {
    const failed = entry({ state: "failed", failure: "Okta rejected it.", errorCode: "E0000001", errorId: "oae123" });
    const backend = fakeBackend([keychainReady()], { history: [{ ok: true, value: [failed] }] });

    render(History, { backend });

    const row = await screen.findByTestId("history-row");
    expect(row.textContent).toContain("Failed");
    expect(row.querySelector("details")?.textContent).toContain("oae123");
  });

  it("reports where the export went", async () => {
    const backend = fakeBackend([keychainReady()], {
      history: [{ ok: true, value: [entry()] }],
      exportHistoryCsv: [{ ok: true, value: { fileName: "history.csv", entries: 1 } }],
    });
    render(History, { backend });
    await screen.findByTestId("history-row");

    await fireEvent.click(screen.getByTestId("history-export"));

    const done = await screen.findByTestId("history-exported");
    expect(done.textContent).toBe("Saved 1 change to history.csv.");
  });

  it("says nothing when the dialog is cancelled", async () => {
    const backend = fakeBackend([keychainReady()], {
      history: [{ ok: true, value: [] }],
      exportHistoryCsv: [{ ok: true, value: null }],
    });
    render(History, { backend });
    await screen.findByTestId("history-empty");

    await fireEvent.click(screen.getByTestId("history-export"));

    await waitFor(() => {
      expect(backend.calls).toContainEqual({ command: "exportHistoryCsv", filter: { org: null, action: null } });
    });
    expect(screen.queryByTestId("history-exported")).toBeNull();
  });
  it("counts one change in the singular", async () => {
    const backend = fakeBackend([keychainReady()], { history: [{ ok: true, value: [entry()] }] });

    render(History, { backend });

    expect((await screen.findByTestId("history-count")).textContent).toBe("1 change shown.");
  });

  it("clears the export result on the next filter", async () => {
    const backend = fakeBackend([keychainReady()], {
      history: [{ ok: true, value: [entry()] }, { ok: true, value: [entry()] }],
      exportHistoryCsv: [{ ok: true, value: { fileName: "history.csv", entries: 1 } }],
    });
    render(History, { backend });
    await screen.findByTestId("history-row");
    await fireEvent.click(screen.getByTestId("history-export"));
    await screen.findByTestId("history-exported");

    await fireEvent.click(screen.getByTestId("history-apply"));

    await waitFor(() => {
      expect(backend.calls.filter((call) => call.command === "history")).toHaveLength(2);
    });
    expect(screen.queryByTestId("history-exported")).toBeNull();
  });

  it("keeps a load failure through a failed export", async () => {
    const backend = fakeBackend([keychainReady()], {
      history: [{ ok: false, error: failure("The journal could not be read.") }],
      exportHistoryCsv: [{ ok: false, error: failure("The file could not be written.") }],
    });
    render(History, { backend });
    await screen.findByText("The journal could not be read.");
    expect(screen.queryByTestId("history-empty")).toBeNull();

    await fireEvent.click(screen.getByTestId("history-export"));

    await screen.findByText("The file could not be written.");
    expect(screen.getByText("The journal could not be read.")).toBeTruthy();
  });
});

describe("changeSummary", () => {
  it("describes a product change", () => {
    const request = JSON.stringify({ orgId: "00o1", enable: ["P000131"], disable: [], products: ["P000052", "P000131"] });

    expect(changeSummary(entry({ action: "products", request }))).toBe("Products: enable P000131");
  });

  it("describes a status change", () => {
    expect(changeSummary(entry())).toBe("Set status to inactive");
  });
});
