//! Errors of the Aerial API, Org Creator, Aerial consent and the management API.

use okta::ApiError;
use okta::error::AccessTokenFailure;

use super::token::{dpop_nonce_required, dpop_proof_rejected, rate_limited};
use super::{Diagnosis, DiagnosisCode as Code, DiagnosisContext};

const SUPPORT: &str = "If it keeps happening, give Okta support the error ID shown below.";

/// Diagnoses a documented error of an Okta API, or returns `None` for an undocumented one.
pub(super) fn diagnose_okta_error(api: &ApiError, ctx: &DiagnosisContext) -> Option<Diagnosis> {
    if api.status == 429 || api.error_code() == Some("E0000047") {
        return Some(rate_limited(api));
    }
    if api.access_token_failure() == Some(AccessTokenFailure::DpopNonceRequired) {
        return Some(dpop_nonce_required());
    }
    if api.oauth_error() == Some("invalid_dpop_proof") || has_dpop_cause(api) {
        let description = api.oauth_description().map(str::to_owned).or_else(|| {
            let okta::ErrorBody::Okta(body) = &api.body else {
                return None;
            };
            body.error_causes.first().cloned()
        });
        return Some(dpop_proof_rejected(description.as_deref()));
    }
    if api.status == 401 {
        return Some(token_rejected(api, ctx));
    }
    if api.status >= 500 {
        return Some(server_error());
    }
    // A resource server may send `insufficient_scope` only in `WWW-Authenticate`, with no body.
    if api.status == 403 && api.error_code().is_none() {
        return Some(forbidden(api, ctx));
    }
    match api.error_code()? {
        "E0000006" => Some(forbidden(api, ctx)),
        "E0000007" => Some(not_found(api, ctx)),
        "E0000001" => Some(validation(api, ctx)),
        "E0000003" => Some(Diagnosis::new(
            Code::MalformedRequest,
            "Okta could not read the request Aerial Desk sent.",
            "Report this with the details below, because it is a fault in Aerial Desk.",
        )),
        "E0000031" => Some(Diagnosis::new(
            Code::InvalidFilter,
            "Okta could not read the filter for the org list.",
            "Write the filter as a SCIM expression such as status eq \"ACTIVE\" or subdomain sw \"acme\", joining parts with AND, then search again.",
        )),
        code => org_creator(code),
    }
}

fn has_dpop_cause(api: &ApiError) -> bool {
    api.has_cause("DPoP proof")
}

/// Reports whether the request went to the Aerial API, whose paths start with the account ID.
fn is_aerial_api(api: &ApiError) -> bool {
    url::Url::parse(&api.url)
        .map(|url| !url.path().starts_with("/api/") && url.path().contains("/api/v1/"))
        .unwrap_or(false)
}

fn path_of(api: &ApiError) -> String {
    url::Url::parse(&api.url)
        .map(|url| url.path().to_owned())
        .unwrap_or_default()
}

/// Diagnoses a 401. On the Aerial API the `WWW-Authenticate` challenge distinguishes an expired
/// access token from an invalid one. Without a readable challenge both get one diagnosis.
fn token_rejected(api: &ApiError, ctx: &DiagnosisContext) -> Diagnosis {
    if !is_aerial_api(api) {
        return token_rejected_by_org(ctx);
    }
    let app = ctx.app();
    let org = ctx.aerial_org();
    match api.access_token_failure() {
        Some(AccessTokenFailure::Expired) => Diagnosis::new(
            Code::AccessTokenExpired,
            "Okta rejected the access token because it has expired.",
            format!(
                "Try again, and Aerial Desk requests a new token. If a new token expires at once, check that this computer's date and time are set automatically and that {app} is still active in {org}."
            ),
        ),
        Some(AccessTokenFailure::Invalid) => Diagnosis::new(
            Code::AccessTokenInvalid,
            format!("Okta did not accept the access token of {app} as valid."),
            format!(
                "Try again, and Aerial Desk requests a new token. If it fails again, check that {app} is still active in {org} and that the Aerial org domain and account ID in this profile belong to the same Aerial account."
            ),
        ),
        _ => Diagnosis::new(
            Code::AccessTokenRejected,
            "Okta rejected the access token: it has expired or is not valid.",
            format!(
                "Try again, and Aerial Desk requests a new token. If it fails again, check that this computer's clock is correct and that {app} is still active in {org}."
            ),
        ),
    }
}

fn forbidden(api: &ApiError, ctx: &DiagnosisContext) -> Diagnosis {
    let app = ctx.app();
    let org = ctx.aerial_org();
    if api.has_cause("Aerial consent") {
        return consent_missing(ctx);
    }
    if api.has_cause("not issued by this account's Aerial org") {
        return Diagnosis::new(
            Code::TokenFromOtherOrg,
            format!(
                "The access token comes from an org that is not the Aerial org of {}.",
                ctx.account()
            ),
            "Check the account ID and the Aerial org domain in this profile: they must belong to the same Aerial account.",
        );
    }
    if api.has_cause("Deletion requests are allowed only") {
        return Diagnosis::new(
            Code::DeletionNotAllowed,
            "Okta accepts deletion requests only for sandbox orgs and for the orgs of Okta \
             Partner Program accounts, and this org is neither: it is under a production \
             contract."
                .to_owned(),
            "Ask your Okta account team to delete the org.",
        );
    }
    if api.has_cause("Org Creator permission") {
        return org_creator_not_allowed(ctx);
    }
    if is_aerial_api(api) {
        let scope = ctx.scope_for(&api.method);
        return Diagnosis::new(
            Code::MissingScope,
            format!("The access token of {app} lacks {scope}, which this action needs."),
            format!("Grant {scope} on the Okta API Scopes tab of {app} in {org}, then try again."),
        );
    }
    Diagnosis::new(
        Code::PermissionDenied,
        format!(
            "The token used for {} is not allowed to do this.",
            ctx.target()
        ),
        "Use an API token of a super admin of that org, or grant the app the scope and admin role this action needs.",
    )
}

fn not_found(api: &ApiError, ctx: &DiagnosisContext) -> Diagnosis {
    let summary = match &api.body {
        okta::ErrorBody::Okta(body) => body.error_summary.as_str(),
        _ => "",
    };
    if path_of(api).ends_with("/privacy/aerial") {
        return Diagnosis::new(
            Code::ConsentNotGranted,
            format!(
                "{} has not granted Aerial consent.",
                capitalize(&ctx.target())
            ),
            "Grant Aerial consent in that org with a super admin's API token, then link it.",
        );
    }
    if summary.contains("(Account)") {
        return Diagnosis::new(
            Code::AccountNotFound,
            match &ctx.account_id {
                Some(id) => format!("Okta found no Aerial account {id}."),
                None => "Okta found no Aerial account with this profile's account ID.".to_owned(),
            },
            "Check the account ID in this profile against the Aerial account shown in the Aerial org's Admin Console.",
        );
    }
    let found_none = match &ctx.target_org {
        Some(org) => format!("Okta found no org {org}."),
        None => "Okta found no such org.".to_owned(),
    };
    // Linking posts to the account's org list. The org is not linked yet there, so the usual
    // advice about linked orgs would go in a circle.
    let linking = api.method.eq_ignore_ascii_case("POST")
        && is_aerial_api(api)
        && path_of(api).ends_with("/api/v1/orgs");
    if linking {
        return Diagnosis::new(
            Code::NotFound,
            found_none,
            "Check the org's domain or ID and its cell: Okta links only an org that exists in that cell and is on your Okta contract.",
        );
    }
    Diagnosis::new(
        Code::NotFound,
        found_none,
        "Check the org ID or domain. An org must be on your Okta contract and linked to this Aerial account before Aerial can manage it.",
    )
}

/// A function that builds the diagnosis for one documented validation cause.
type Diagnose = fn(&ApiError, &DiagnosisContext) -> Diagnosis;

fn validation(api: &ApiError, ctx: &DiagnosisContext) -> Diagnosis {
    let target = ctx.target();
    let cases: [(&str, Diagnose); 9] = [
        ("already linked to an Account", already_linked),
        ("is not in cell", |_, ctx| {
            Diagnosis::new(
                Code::WrongCell,
                format!("{} is not in the cell given.", capitalize(&ctx.target())),
                "Enter the org's cell, such as OK1 or OP3, as the org's Admin Console shows it.",
            )
        }),
        ("cannot be deactivated", |_, _| {
            Diagnosis::new(
                Code::AerialOrgCannotBeDeactivated,
                "The Aerial org of an account can never be deactivated.",
                "Choose another org. The Aerial org stays active as long as the account exists.",
            )
        }),
        ("Only INACTIVE orgs can be deleted", |_, ctx| {
            Diagnosis::new(
                Code::DeletionNeedsInactiveOrg,
                format!(
                    "{} is still active, and only inactive orgs can be deleted.",
                    capitalize(&ctx.target())
                ),
                "Deactivate the org first, then request its deletion.",
            )
        }),
        ("Unknown product ID", |api, _| {
            product_error(api, Code::UnknownProduct)
        }),
        ("not subscribed to product", |api, _| {
            product_error(api, Code::ProductNotSubscribed)
        }),
        ("already has a consent grant", |_, ctx| {
            Diagnosis::new(
                Code::ConsentAlreadyGranted,
                format!(
                    "{} has already granted Aerial consent.",
                    capitalize(&ctx.target())
                ),
                "Nothing to do: the org can be linked now.",
            )
        }),
        ("Invalid aerial account ID", |_, ctx| {
            Diagnosis::new(
                Code::InvalidAccountId,
                match &ctx.account_id {
                    Some(id) => format!("Okta has no Aerial account with the ID {id}."),
                    None => "Okta has no Aerial account with this profile's account ID.".to_owned(),
                },
                "Check the account ID in this profile against the Aerial account shown in the Aerial org.",
            )
        }),
        ("inherits Aerial consent", |_, ctx| {
            Diagnosis::new(
                Code::ConsentInheritedFromParent,
                format!(
                    "{} is a child org, so it takes Aerial consent from its parent org.",
                    capitalize(&ctx.target())
                ),
                "Grant or revoke Aerial consent in the parent org instead.",
            )
        }),
    ];
    for (text, diagnose) in cases {
        if api.has_cause(text) {
            return diagnose(api, ctx);
        }
    }
    let details = match &api.body {
        okta::ErrorBody::Okta(body) => {
            let mut text = body.error_summary.clone();
            for cause in &body.error_causes {
                text.push_str(&format!(" ({cause})"));
            }
            text
        }
        _ => String::new(),
    };
    Diagnosis::new(
        Code::ValidationFailed,
        format!("Okta rejected a value in the request for {target}: \"{details}\"."),
        "Correct the value Okta names and try again.",
    )
}

fn already_linked(api: &ApiError, ctx: &DiagnosisContext) -> Diagnosis {
    if path_of(api).ends_with("/revoke") {
        return Diagnosis::new(
            Code::ConsentRevokeLinkedOrg,
            format!(
                "{} is linked to an Aerial account, so its Aerial consent cannot be revoked.",
                capitalize(&ctx.target())
            ),
            "Nothing can undo a link: the consent stays as long as the org is linked.",
        );
    }
    Diagnosis::new(
        Code::OrgAlreadyLinked,
        format!(
            "{} is already linked to an Aerial account.",
            capitalize(&ctx.target())
        ),
        "An org belongs to one Aerial account and cannot be moved. If it is not in this account's org list, ask your Okta account team.",
    )
}

fn product_error(api: &ApiError, code: Code) -> Diagnosis {
    let cause = match &api.body {
        okta::ErrorBody::Okta(body) => body.error_causes.join(" "),
        _ => String::new(),
    };
    let cause = cause.trim_start_matches("id: ");
    let fix = if code == Code::UnknownProduct {
        "Choose products from the account's product list (Products), which shows the IDs Okta accepts."
    } else {
        "Choose only products the Aerial account subscribes to, or ask your Okta account team to add the product to the contract."
    };
    Diagnosis::new(
        code,
        format!("Okta rejected the product list: {cause}."),
        fix,
    )
}

fn consent_missing(ctx: &DiagnosisContext) -> Diagnosis {
    Diagnosis::new(
        Code::ConsentMissing,
        format!(
            "{} has not granted Aerial consent to {}.",
            capitalize(&ctx.target()),
            ctx.account()
        ),
        "Grant Aerial consent in that org (or, for a child org, in its parent org) with a super admin's API token, then link it again.",
    )
}

fn org_creator_not_allowed(ctx: &DiagnosisContext) -> Diagnosis {
    Diagnosis::new(
        Code::OrgCreatorNotAllowed,
        format!(
            "{} is not allowed to create child orgs.",
            capitalize(&ctx.target())
        ),
        "Use a super admin's API token of the parent org. The parent org also needs the Org Creator permission and the Platform - Multi-org Deployment product, which your Okta account team enables.",
    )
}

/// Org Creator's E-codes, all HTTP 400.
fn org_creator(code: &str) -> Option<Diagnosis> {
    let (code, cause, fix) = match code {
        "E0000088" => (
            Code::SubdomainTaken,
            "An org with this subdomain already exists.",
            "Choose another subdomain.",
        ),
        "E0000089" => (
            Code::OrgNameInvalid,
            "Okta rejected the new org's name.",
            "Enter a name of 1 to 100 characters.",
        ),
        "E0000170" => (
            Code::SubdomainReserved,
            "Okta reserves this subdomain.",
            "Choose another subdomain.",
        ),
        "E0000171" => (
            Code::SubdomainInUseByRequest,
            "Another org creation request is already using this subdomain.",
            "Wait a minute and check whether that request created the org before choosing another subdomain.",
        ),
        "E0000172" => (
            Code::SubdomainTooLong,
            "The subdomain is longer than Okta allows.",
            "Enter a subdomain of at most 57 characters.",
        ),
        _ => return None,
    };
    Some(Diagnosis::new(code, cause, fix))
}

fn token_rejected_by_org(ctx: &DiagnosisContext) -> Diagnosis {
    Diagnosis::new(
        Code::OrgApiTokenRejected,
        format!(
            "{} rejected the API token: it is invalid, expired or revoked.",
            capitalize(&ctx.target())
        ),
        format!(
            "Create a new API token as a super admin in the Admin Console of {} (Security › API › Tokens) and save it in this profile.",
            ctx.target()
        ),
    )
}

fn server_error() -> Diagnosis {
    Diagnosis::new(
        Code::ServerError,
        "Okta had an internal error and did not carry out the request.",
        format!("Wait a few minutes and try again. {SUPPORT}"),
    )
}

pub(super) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
