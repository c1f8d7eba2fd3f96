import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { PlanView } from "../lib/backend";
import { fakeBackend, keychainReady } from "../testing/fake-backend";
import { detailOf, org } from "../testing/orgs";
import OrgDetail from "./OrgDetail.svelte";

const sso = { id: "P000052", name: "IT Products - SSO" };
const mfa = { id: "P000131", name: "IT Products - MFA" };

function planEnablingMfa(orgId: string): PlanView {
  return {
    orgId,
    summary: "Will enable IT Products - MFA (P000131); keep IT Products - SSO (P000052); disable nothing.",
    enable: [mfa],
    keep: [sso],
    disable: [],
    alreadyDisabled: [],
    keptUnsubscribed: [],
    isEmpty: false,
  };
}

function mfaCheckbox(): HTMLElement {
  const box = screen.getAllByTestId("product-checkbox").find((element) => element.dataset.productId === "P000131");
  if (!box) throw new Error("no MFA checkbox");
  return box;
}

describe("OrgDetail screen", () => {
  it("gives an org with a kept token a starter configuration", async () => {
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    const row = org(2);
    const backend = fakeBackend([keychainReady()], {
      orgDetail: [{ ok: true, value: detailOf(row, { starterAvailable: true }) }],
      applyStarterToOrg: [{ ok: true, value: { groupIds: ["00g1", "00g2"], appId: "0oaAPP" } }],
    });
    render(OrgDetail, { backend, go: vi.fn(), orgId: row.id });

    await fireEvent.click(await screen.findByTestId("starter-open"));
    scrolled.mockClear();
    await fireEvent.click(await screen.findByTestId("starter-apply"));

    const message = await screen.findByTestId("org-message");
    expect(message.textContent).toBe("Created 2 groups and the bookmark app.");
    await waitFor(() => {
      expect(scrolled).toHaveBeenCalled();
    });
    expect(backend.calls).toContainEqual({
      command: "applyStarterToOrg",
      orgId: row.id,
      starter: { groups: ["Everyone at HQ", "IT admins"], bookmarkLabel: "Intranet", bookmarkUrl: "https://intranet.example.com" },
    });
  });

  it("offers no starter configuration without a kept token", async () => {
    const row = org(2);
    const backend = fakeBackend([keychainReady()], { orgDetail: [{ ok: true, value: detailOf(row) }] });
    render(OrgDetail, { backend, go: vi.fn(), orgId: row.id });
    await screen.findAllByTestId("product-checkbox");

    expect(screen.queryByTestId("starter-open")).toBeNull();
  });

  it("shows the plan and applies it", async () => {
    const row = org(1);
    const backend = fakeBackend([keychainReady()], {
      orgDetail: [{ ok: true, value: detailOf(row) }, { ok: true, value: detailOf(row, { products: [sso, mfa] }) }],
      planProducts: [{ ok: true, value: planEnablingMfa(row.id) }],
      applyProducts: [{ ok: true, value: { before: [sso], after: [sso, mfa] } }],
    });
    render(OrgDetail, { backend, go: vi.fn(), orgId: row.id });
    await screen.findAllByTestId("product-checkbox");

    await fireEvent.click(mfaCheckbox());
    await fireEvent.click(screen.getByTestId("products-save"));

    const keep = await screen.findByTestId("plan-keep");
    expect(keep.textContent).toContain("IT Products - SSO");
    expect(screen.getByTestId("plan-enable").textContent).toContain("IT Products - MFA");
    await fireEvent.click(screen.getByTestId("plan-apply"));
    const applied = await screen.findByTestId("products-applied");
    expect(applied.textContent).toContain("IT Products - MFA (P000131)");
    expect(backend.calls).toContainEqual({ command: "planProducts", orgId: row.id, enable: ["P000131"], disable: [] });
    expect(backend.calls).toContainEqual({ command: "applyProducts", orgId: row.id });
  });

  it("asks to review again when products changed", async () => {
    const row = org(1);
    const changed = {
      code: "changed_since_reviewed",
      message: "The products of org 00o1 changed after the plan was reviewed.",
      fix: null,
      details: null,
      okta: null,
    };
    const backend = fakeBackend([keychainReady()], {
      orgDetail: [{ ok: true, value: detailOf(row) }],
      planProducts: [{ ok: true, value: planEnablingMfa(row.id) }],
      applyProducts: [{ ok: false, error: changed }],
    });
    render(OrgDetail, { backend, go: vi.fn(), orgId: row.id });
    await screen.findAllByTestId("product-checkbox");
    await fireEvent.click(mfaCheckbox());
    await fireEvent.click(screen.getByTestId("products-save"));
    await fireEvent.click(await screen.findByTestId("plan-apply"));

    const notice = await screen.findByTestId("error-notice");

    expect(notice.textContent).toContain("changed since you reviewed them");
    expect(backend.calls.filter((call) => call.command === "orgDetail")).toHaveLength(2);
  });

  it("deactivates after the name is typed", async () => {
    const row = org(1, { name: "Contoso EU" });
    const backend = fakeBackend([keychainReady()], {
      orgDetail: [{ ok: true, value: detailOf(row) }],
      setOrgStatus: [{ ok: true, value: { ...row, status: "INACTIVE" } }],
    });
    render(OrgDetail, { backend, go: vi.fn(), orgId: row.id });

    await fireEvent.click(await screen.findByTestId("deactivate"));
    const action = await screen.findByTestId("confirm-action");
    expect((action as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(screen.getByTestId("confirm-name"), { target: { value: "Contoso EU" } });
    await waitFor(() => {
      expect((action as HTMLButtonElement).disabled).toBe(false);
    });
    await fireEvent.click(action);

    await screen.findByTestId("org-message");
    expect(backend.calls).toContainEqual({ command: "setOrgStatus", orgId: row.id, active: false, typedName: "Contoso EU" });
  });

  it("has no Deactivate for the Aerial org", async () => {
    const row = org(1, { aerialOrg: true });
    const backend = fakeBackend([keychainReady()], { orgDetail: [{ ok: true, value: detailOf(row) }] });

    render(OrgDetail, { backend, go: vi.fn(), orgId: row.id });

    expect(await screen.findByTestId("deactivate-blocked")).toBeTruthy();
    expect(screen.queryByTestId("deactivate")).toBeNull();
  });

  it("clears the saved products note on deactivating", async () => {
    const row = org(1, { name: "Contoso EU" });
    const backend = fakeBackend([keychainReady()], {
      orgDetail: [{ ok: true, value: detailOf(row) }, { ok: true, value: detailOf(row, { products: [sso, mfa] }) }, { ok: true, value: detailOf(row) }],
      planProducts: [{ ok: true, value: planEnablingMfa(row.id) }],
      applyProducts: [{ ok: true, value: { before: [sso], after: [sso, mfa] } }],
      setOrgStatus: [{ ok: true, value: { ...row, status: "INACTIVE" } }],
    });
    render(OrgDetail, { backend, go: vi.fn(), orgId: row.id });
    await screen.findAllByTestId("product-checkbox");
    await fireEvent.click(mfaCheckbox());
    await fireEvent.click(screen.getByTestId("products-save"));
    await fireEvent.click(await screen.findByTestId("plan-apply"));
    await screen.findByTestId("products-applied");

    await fireEvent.click(screen.getByTestId("deactivate"));
    await fireEvent.input(await screen.findByTestId("confirm-name"), { target: { value: "Contoso EU" } });
    await fireEvent.click(screen.getByTestId("confirm-action"));

    await screen.findByTestId("org-message");
    expect(screen.queryByTestId("products-applied")).toBeNull();
  });

  it("clears a status message when products are saved", async () => {
    const row = org(5, { name: "Contoso EU" });
    const backend = fakeBackend([keychainReady()], {
      orgDetail: [{ ok: true, value: detailOf(row) }, { ok: true, value: detailOf({ ...row, status: "ACTIVE" }) }],
      setOrgStatus: [{ ok: true, value: { ...row, status: "ACTIVE" } }],
      planProducts: [{ ok: true, value: planEnablingMfa(row.id) }],
    });
    render(OrgDetail, { backend, go: vi.fn(), orgId: row.id });
    await fireEvent.click(await screen.findByTestId("activate"));
    await screen.findByTestId("org-message");

    await fireEvent.click(mfaCheckbox());
    await fireEvent.click(screen.getByTestId("products-save"));

    await screen.findByTestId("plan-keep");
    expect(screen.queryByTestId("org-message")).toBeNull();
  });
});
