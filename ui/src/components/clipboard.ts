// Copying text that the backend has yet to return. WebKit lets a page write to the clipboard only
// while it handles the user's click, and awaiting an IPC call ends that moment. So the write
// starts in the click handler, with a ClipboardItem whose text arrives later.

/** Copies the text `pending` resolves to. Rejects when the clipboard rejects the write or
 * `pending` rejects. */
export async function copyWhenReady(pending: Promise<string>): Promise<void> {
  if (typeof ClipboardItem !== "undefined" && typeof navigator.clipboard.write === "function") {
    const blob = pending.then((text) => new Blob([text], { type: "text/plain" }));
    await navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })]);
    return;
  }
  await navigator.clipboard.writeText(await pending);
}
