import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import ConfirmByName from "./ConfirmByName.svelte";

function renderOpen(onConfirm: (typedName: string) => void, busy = false) {
  render(ConfirmByName, {
    open: true,
    title: "Deactivate this org?",
    description: "Users of a deactivated org cannot sign in.",
    expectedName: "Contoso EU",
    actionLabel: "Deactivate",
    busy,
    onConfirm,
  });
}

describe("ConfirmByName dialog", () => {
  it("focuses the name field on opening", async () => {
    renderOpen(vi.fn());

    const field = await screen.findByTestId("confirm-name");

    await waitFor(() => {
      expect(document.activeElement).toBe(field);
    });
  });

  it("confirms on Enter when the name matches", async () => {
    const onConfirm = vi.fn();
    renderOpen(onConfirm);
    const field = await screen.findByTestId("confirm-name");
    await fireEvent.input(field, { target: { value: "Contoso EU" } });

    await fireEvent.keyDown(field, { key: "Enter" });

    expect(onConfirm).toHaveBeenCalledWith("Contoso EU");
  });

  it("ignores Enter while the name differs", async () => {
    const onConfirm = vi.fn();
    renderOpen(onConfirm);
    const field = await screen.findByTestId("confirm-name");
    await fireEvent.input(field, { target: { value: "contoso eu" } });

    await fireEvent.keyDown(field, { key: "Enter" });

    expect(onConfirm).not.toHaveBeenCalled();
  });

  it("ignores Enter while busy", async () => {
    const onConfirm = vi.fn();
    renderOpen(onConfirm, true);
    const field = await screen.findByTestId("confirm-name");
    await fireEvent.input(field, { target: { value: "Contoso EU" } });

    await fireEvent.keyDown(field, { key: "Enter" });

    expect(onConfirm).not.toHaveBeenCalled();
  });
});
