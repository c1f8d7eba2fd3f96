import { render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { demoProfile } from "../testing/profiles";
import ProfileSwitcher from "./ProfileSwitcher.svelte";

/** Returns the text a screen reader reads, without the hidden arrow and with spaces collapsed. */
function spokenText(element: HTMLElement): string {
  const copy = element.cloneNode(true) as HTMLElement;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) {
    hidden.remove();
  }
  return copy.textContent.replace(/\s+/g, " ").trim();
}

describe("ProfileSwitcher", () => {
  it("reads the environment as a label", () => {
    render(ProfileSwitcher, { profiles: [demoProfile()], active: "Demo", onSwitch: vi.fn() });

    const trigger = screen.getByTestId("profile-switcher");

    expect(spokenText(trigger)).toBe("Demo — demo environment");
  });

  it("shows the environment as a separate badge", () => {
    render(ProfileSwitcher, { profiles: [demoProfile()], active: "Demo", onSwitch: vi.fn() });

    const badge = screen.getByTestId("profile-environment");

    expect(badge.classList.contains("badge")).toBe(true);
    expect(badge.querySelectorAll(".sr-only")).toHaveLength(2);
    expect(screen.getByTestId("profile-switcher").textContent).toContain("Demo");
  });
});
