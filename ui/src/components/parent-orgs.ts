// The logic of the parent orgs section in Settings: labels and the request sent on Add.

import type { NewParent, ParentOrgView } from "../lib/backend";

/** The add dialog's fields as typed. The secrets are cleared as soon as they are sent. */
export interface ParentForm {
  address: string;
  kind: "apiToken" | "oauth";
  token: string;
  clientId: string;
  privateKeyPem: string;
  passphrase: string;
}

export function emptyParentForm(): ParentForm {
  return { address: "", kind: "apiToken", token: "", clientId: "", privateKeyPem: "", passphrase: "" };
}

/** Returns the request for the typed form, with only the chosen kind's credential. */
export function parentRequest(form: ParentForm): NewParent {
  const address = form.address.trim();
  if (form.kind === "apiToken") {
    return { address, credential: { kind: "apiToken", token: form.token } };
  }
  return {
    address,
    credential: {
      kind: "oauth",
      clientId: form.clientId.trim(),
      privateKeyPem: form.privateKeyPem,
      passphrase: form.passphrase === "" ? null : form.passphrase,
    },
  };
}

/** Returns how Settings names a parent org's credential: "API token" or "OAuth app <client ID>". */
export function credentialLabel(parent: ParentOrgView): string {
  return parent.credential === "oauth" ? `OAuth app ${parent.clientId ?? ""}`.trim() : "API token";
}

/** Returns the address field's label and example: production and sandbox profiles take a domain,
 * demo and custom profiles a base URL. */
export function parentAddressLabel(environment: string): { label: string; example: string } {
  if (environment === "production" || environment === "sandbox") {
    return { label: "Parent org domain", example: "acme.okta.com" };
  }
  return { label: "Parent org URL", example: "http://parent.sim.localhost:4010" };
}
