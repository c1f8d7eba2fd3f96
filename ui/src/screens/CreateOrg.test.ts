import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { fakeWizardBackend } from "../testing/fake-backend";
import CreateOrg from "./CreateOrg.svelte";

function renderWizard() {
  render(CreateOrg, { backend: fakeWizardBackend(), onDone: () => undefined, onChooseProducts: () => undefined });
}

async function openOrgPage(): Promise<void> {
  await screen.findByText("acme.okta.com");
  await fireEvent.click(screen.getByRole("button", { name: "Next" }));
  await screen.findByLabelText("Subdomain");
}

async function type(label: string, value: string): Promise<void> {
  await fireEvent.input(screen.getByLabelText(label), { target: { value } });
  await waitFor(() => screen.getByDisplayValue(value));
}

describe("create-org screen", () => {
  it("shows every empty required field on Next", async () => {
    renderWizard();
    await openOrgPage();

    await fireEvent.click(screen.getByRole("button", { name: "Next" }));

    await waitFor(() => {
      expect(screen.getAllByText("Enter a value.")).toHaveLength(5);
    });
    for (const label of ["Subdomain", "Org name", "First name", "Last name", "Email"]) {
      expect(screen.getByLabelText(label).getAttribute("aria-invalid")).toBe("true");
    }
    expect(screen.getByLabelText("Website (optional)").getAttribute("aria-invalid")).toBeNull();
    await waitFor(() => {
      expect(document.activeElement).toBe(screen.getByLabelText("Subdomain"));
    });
    expect(screen.getByTestId("wizard-page").dataset.step).toBe("org");
  });

  it("says why Link the org is disabled", async () => {
    renderWizard();
    await openOrgPage();
    await type("Subdomain", "acme-eu");
    await type("Org name", "Acme Europe");
    await type("First name", "Ada");
    await type("Last name", "Lovelace");
    await type("Email", "ada@example.com");
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Create the org" }));
    await fireEvent.click(await screen.findByRole("button", { name: "I have what I need — continue" }));
    const cell = await screen.findByLabelText("Cell");
    const link = screen.getByRole("button", { name: "Link the org" });

    expect(cell.getAttribute("placeholder")).toBe("for example ok1");
    expect(link.hasAttribute("disabled")).toBe(true);
    expect(screen.getByTestId("link-blocked").textContent).toBe("To link the org, enter the cell and tick the box above.");
    expect(link.getAttribute("aria-describedby")).toBe("link-blocked");

    await fireEvent.click(screen.getByLabelText("I understand that this link cannot be undone."));
    expect(screen.getByTestId("link-blocked").textContent).toBe("To link the org, enter the cell.");

    await fireEvent.input(cell, { target: { value: "ok1" } });
    expect(screen.queryByTestId("link-blocked")).toBeNull();
    expect(link.hasAttribute("disabled")).toBe(false);
  });

  it("scrolls a failed link's problem into view", async () => {
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    const backend = fakeWizardBackend();
    const wrongCell = { code: "invalid_value", message: "The org is not in the cell given.", fix: "Check the cell.", details: null, okta: null };
    backend.answers.linkOrg = () => Promise.resolve({ ok: false, error: wrongCell });
    render(CreateOrg, { backend, onDone: () => undefined, onChooseProducts: () => undefined });
    await openOrgPage();
    await type("Subdomain", "acme-eu");
    await type("Org name", "Acme Europe");
    await type("First name", "Ada");
    await type("Last name", "Lovelace");
    await type("Email", "ada@example.com");
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Create the org" }));
    await fireEvent.click(await screen.findByRole("button", { name: "I have what I need — continue" }));
    await fireEvent.input(await screen.findByLabelText("Cell"), { target: { value: "ok7" } });
    await fireEvent.click(screen.getByLabelText("I understand that this link cannot be undone."));
    scrolled.mockClear();

    await fireEvent.click(screen.getByRole("button", { name: "Link the org" }));

    const problem = await screen.findByTestId("wizard-problem");
    expect(problem.textContent).toContain("not in the cell given");
    await waitFor(() => {
      expect(scrolled).toHaveBeenCalled();
    });
  });
});
