// Helpers for the demo path's end-to-end test: waiting for screens and elements.

/** Waits until the shell shows the route `name`. */
export async function waitForRoute(browser: WebdriverIO.Browser, name: string, timeout = 60_000): Promise<void> {
  const screen = await browser.$(`[data-testid="screen"][data-route="${name}"]`);
  await screen.waitForExist({ timeout, timeoutMsg: `the ${name} screen did not open` });
}

/** Waits for the element with this test ID and returns it. */
export async function byTestId(browser: WebdriverIO.Browser, testId: string, timeout = 60_000) {
  const element = await browser.$(`[data-testid="${testId}"]`);
  await element.waitForDisplayed({ timeout, timeoutMsg: `${testId} did not appear` });
  return element;
}
