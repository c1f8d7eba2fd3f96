import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { fakeBackend, keychainReady } from "../testing/fake-backend";
import { manyOrgs } from "../testing/orgs";
import Orgs from "./Orgs.svelte";

describe("Orgs screen", () => {
  it("loads every page and shows the count", async () => {
    const pages = [manyOrgs(100), manyOrgs(250).slice(100)];
    const backend = fakeBackend([keychainReady()], { listOrgs: [{ ok: true, value: pages }] });

    render(Orgs, { backend, go: vi.fn() });

    const count = await screen.findByTestId("orgs-count");
    await waitFor(() => {
      expect(count.textContent).toContain("250 of 250 orgs");
    });
    expect(backend.calls.filter((call) => call.command === "listOrgs")).toHaveLength(1);
  });

  it("says the load was cancelled and loads again on request", async () => {
    const cancelled = { code: "cancelled", message: "Cancelled.", fix: "", details: null, okta: null };
    const backend = fakeBackend([keychainReady()], {
      listOrgs: [{ ok: false, error: cancelled }, { ok: true, value: [manyOrgs(3)] }],
    });
    render(Orgs, { backend, go: vi.fn() });

    const notice = await screen.findByTestId("orgs-cancelled");
    expect(notice.textContent).toContain("cancelled");
    expect(screen.queryByTestId("orgs-table")).toBeNull();
    expect(screen.getByTestId("orgs-count").textContent).toBe("");
    await fireEvent.click(screen.getByText("Load the orgs"));

    await screen.findAllByTestId("org-row");
    expect(screen.queryByTestId("orgs-cancelled")).toBeNull();
    expect(backend.calls.filter((call) => call.command === "listOrgs")).toHaveLength(2);
  });

  it("renders only the rows in view", async () => {
    const backend = fakeBackend([keychainReady()], { listOrgs: [{ ok: true, value: [manyOrgs(10_000)] }] });

    render(Orgs, { backend, go: vi.fn() });

    await screen.findAllByTestId("org-row");
    const rendered = screen.getAllByTestId("org-row").length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    expect(screen.getByTestId("orgs-table").getAttribute("aria-rowcount")).toBe("10001");
  });

  it("filters as the admin types", async () => {
    const backend = fakeBackend([keychainReady()], { listOrgs: [{ ok: true, value: [manyOrgs(500)] }] });
    render(Orgs, { backend, go: vi.fn() });
    const search = await screen.findByTestId("orgs-search");

    await fireEvent.input(search, { target: { value: "Org 00042" } });

    await waitFor(() => {
      expect(screen.getAllByTestId("org-row")).toHaveLength(1);
    });
    expect(screen.getByTestId("orgs-count").textContent).toContain("1 of 500 orgs");
  });

  it("opens an org by its name", async () => {
    const go = vi.fn();
    const orgs = manyOrgs(3);
    const backend = fakeBackend([keychainReady()], { listOrgs: [{ ok: true, value: [orgs] }] });
    render(Orgs, { backend, go });

    await fireEvent.click(await screen.findByText("Northwind Aerial"));

    expect(go).toHaveBeenCalledWith({ name: "org", orgId: orgs[0]?.id });
  });

  it("shows the failure in plain words", async () => {
    const error = { code: "scope_not_granted", message: "The app lacks a scope.", fix: "Grant it.", details: null, okta: null };
    const backend = fakeBackend([keychainReady()], { listOrgs: [{ ok: false, error }] });

    render(Orgs, { backend, go: vi.fn() });

    const notice = await screen.findByTestId("error-notice");
    expect(notice.textContent).toContain("The app lacks a scope.");
  });

  it("gives truncated cells their full text on hover", async () => {
    const orgs = manyOrgs(3);
    const backend = fakeBackend([keychainReady()], { listOrgs: [{ ok: true, value: [orgs] }] });
    render(Orgs, { backend, go: vi.fn() });

    const row = (await screen.findAllByTestId("org-row"))[1];
    const cells = row?.querySelectorAll("td");

    expect(row?.querySelector("button")?.getAttribute("title")).toBe(orgs[1]?.name);
    expect(cells?.[1]?.getAttribute("title")).toBe(orgs[1]?.domain);
    expect(cells?.[2]?.getAttribute("title")).toBe(orgs[1]?.cell);
    expect(cells?.[5]?.getAttribute("title")).toBe(cells?.[5]?.textContent);
  });

  it("marks each heading with its column for sizing", async () => {
    const backend = fakeBackend([keychainReady()], { listOrgs: [{ ok: true, value: [manyOrgs(3)] }] });
    render(Orgs, { backend, go: vi.fn() });

    const headings = await screen.findAllByRole("columnheader");

    expect(headings.map((heading) => heading.dataset.column)).toEqual(["name", "domain", "cell", "status", "aerialOrg", "created"]);
  });

  it("drops the count after a failed reload", async () => {
    const error = { code: "network", message: "The service did not answer.", fix: null, details: null, okta: null };
    const backend = fakeBackend([keychainReady()], { listOrgs: [{ ok: true, value: [manyOrgs(10)] }, { ok: false, error }] });
    render(Orgs, { backend, go: vi.fn() });
    const count = await screen.findByTestId("orgs-count");
    await waitFor(() => {
      expect(count.textContent).toContain("10 of 10 orgs");
    });

    await fireEvent.click(screen.getByRole("button", { name: "Reload" }));

    await screen.findByTestId("error-notice");
    expect(count.textContent.trim()).toBe("");
  });

  it("counts a single org in the singular", async () => {
    const backend = fakeBackend([keychainReady()], { listOrgs: [{ ok: true, value: [manyOrgs(1)] }] });
    render(Orgs, { backend, go: vi.fn() });

    const count = await screen.findByTestId("orgs-count");

    await waitFor(() => {
      expect(count.textContent.trim()).toBe("1 of 1 org");
    });
  });
});
