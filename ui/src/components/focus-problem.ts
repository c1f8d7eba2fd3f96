// Moves focus to the first field that shows a problem, for wizard pages whose Next was refused.

/** Focuses the first invalid field in `container` and scrolls it to the middle, so its label shows too. */
export function focusFirstProblem(container: HTMLElement | undefined): void {
  const field = container?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!field) {
    return;
  }
  field.focus({ preventScroll: true });
  field.scrollIntoView({ block: "center" });
}
