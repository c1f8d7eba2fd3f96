//! The changes a session makes through the Aerial API: link, status, deletion request and
//! products. Each is checked by the guards, recorded in the journal before it is sent, and
//! ended in the journal with Okta's response.

use std::future::Future;

use okta::aerial::{LinkTarget, Org, OrgStatus};
use serde::Serialize;
use serde_json::{Value, json};

use super::recheck::{self, Found};
use super::{Session, SessionError, context_for, okta_error};
use crate::guards;
use crate::journal::{Action, Ending, EntryId, Failure, NewEntry};
use crate::plans::{self, AppliedPlan, ProductIntent, ProductPlan};
use crate::profiles::SecretStore;

/// A status change the admin confirmed by typing the org's name.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub org_id: String,
    pub status: OrgStatus,
    /// The org's name as the admin typed it; needed to deactivate.
    pub typed_name: Option<String>,
}

/// A deletion request the admin confirmed by typing the org's name.
#[derive(Debug, Clone)]
pub struct DeletionRequest {
    pub org_id: String,
    pub typed_name: String,
}

/// Builds a short, secret-free summary of an org for the journal.
pub(super) fn org_summary(org: &Org) -> Value {
    json!({
        "id": org.id,
        "name": org.name,
        "domain": org.domain,
        "status": org.status,
    })
}

#[derive(Serialize)]
struct ProductsSummary<'a> {
    #[serde(rename = "orgId")]
    org_id: &'a str,
    enable: Vec<&'a str>,
    disable: Vec<&'a str>,
    products: Vec<String>,
}

impl<S: SecretStore> Session<S> {
    /// Links an org to the Aerial account by ID or domain. Linking cannot be undone, so the
    /// caller shows [`guards::LINK_WARNING`] and requests confirmation first.
    pub async fn link(&self, target: &LinkTarget, cell: &str) -> Result<Org, SessionError> {
        let (org, request) = match target {
            LinkTarget::OrgId(id) => (id.clone(), json!({ "orgId": id, "cell": cell })),
            LinkTarget::Domain(domain) => {
                (domain.clone(), json!({ "domain": domain, "cell": cell }))
            }
        };
        self.journaled(
            &org,
            Action::Link,
            request,
            self.aerial.link_org(target, cell),
            org_summary,
        )
        .await
    }

    /// Activates or deactivates an org. Deactivation is refused for the Aerial org and needs
    /// the org's name typed back.
    pub async fn set_status(&self, change: &StatusChange) -> Result<Org, SessionError> {
        let org = self.org(&change.org_id).await?;
        if change.status == OrgStatus::Inactive {
            guards::check_deactivation(&org)?;
            guards::check_typed_name(&org, change.typed_name.as_deref().unwrap_or(""))?;
        }
        let request = json!({ "orgId": org.id, "name": org.name, "status": change.status });
        self.journaled(
            &org.id,
            Action::Status,
            request,
            self.aerial.set_org_status(&org.id, change.status),
            org_summary,
        )
        .await
    }

    /// Asks Okta to delete an inactive org. Needs the org's name typed back, and an account
    /// that allows deletion requests.
    pub async fn request_deletion(&self, request: &DeletionRequest) -> Result<(), SessionError> {
        let org = self.org(&request.org_id).await?;
        guards::check_deletion_request(&org, self.allows_deletion())?;
        guards::check_typed_name(&org, &request.typed_name)?;
        let summary = json!({ "orgId": org.id, "name": org.name });
        self.journaled(
            &org.id,
            Action::DeletionRequest,
            summary,
            self.aerial.request_org_deletion(&org.id),
            |()| json!({ "requested": true }),
        )
        .await
    }

    /// Whether the app offers deletion requests for this profile. Okta accepts them for sandbox
    /// orgs and Okta Partner Program accounts, and no call reports which a production account is,
    /// so every environment may ask and Okta's refusal is explained (`deletion_not_allowed`).
    /// Sandbox profiles always qualify.
    pub fn allows_deletion(&self) -> bool {
        true
    }

    /// Reads the org's products and works out the full new list for the admin's intent.
    pub async fn plan_products(
        &self,
        org_id: &str,
        intent: &ProductIntent,
    ) -> Result<ProductPlan, SessionError> {
        plans::plan_products(&self.aerial, org_id, intent)
            .await
            .map_err(|error| self.plan_failed(error, org_id))
    }

    /// Applies a plan the admin reviewed: re-reads the products, stops if they changed since the
    /// review, writes the full list and reads it back.
    pub async fn apply_products(&self, plan: &ProductPlan) -> Result<AppliedPlan, SessionError> {
        let locks = &self.services.locks;
        if plan.is_empty() {
            // Nothing is written, so nothing is journaled; the re-read still runs.
            return plans::apply_plan(&self.aerial, plan, locks)
                .await
                .map_err(|error| self.plan_failed(error, &plan.org_id));
        }
        let summary = ProductsSummary {
            org_id: &plan.org_id,
            enable: plan.enable.iter().map(|p| p.id.as_str()).collect(),
            disable: plan.disable.iter().map(|p| p.id.as_str()).collect(),
            products: plan.full_list(),
        };
        let request = serde_json::to_value(&summary).unwrap_or(Value::Null);
        let id = self.start(&plan.org_id, Action::Products, request).await?;
        let error = match plans::apply_plan(&self.aerial, plan, locks).await {
            Ok(applied) => {
                let after: Vec<&str> = applied.after.iter().map(|p| p.id.as_str()).collect();
                let ending = Ending::Succeeded {
                    result: json!({ "products": after }),
                };
                self.services.journal.record_end(id, ending).await?;
                return Ok(applied);
            }
            Err(error) => error,
        };
        match error {
            plans::PlanError::Okta(error) => {
                self.end_with_error(id, &plan.org_id, Action::Products, error)
                    .await
            }
            plans::PlanError::NotConfirmed { source, .. } => {
                // The write went through but could not be read back, so the outcome is unknown.
                self.end_unconfirmed(id, &plan.org_id, Action::Products, *source)
                    .await
            }
            other => {
                let failure = Failure {
                    message: other.to_string(),
                    ..Failure::default()
                };
                self.services
                    .journal
                    .record_end(id, Ending::Failed(failure))
                    .await?;
                Err(SessionError::Plan(other))
            }
        }
    }

    fn plan_failed(&self, error: plans::PlanError, org_id: &str) -> SessionError {
        match error {
            plans::PlanError::Okta(error) => self.failed(error, Some(org_id)),
            other => SessionError::Plan(other),
        }
    }

    /// Records a change before it is sent.
    pub(super) async fn start(
        &self,
        org: &str,
        action: Action,
        request: Value,
    ) -> Result<EntryId, SessionError> {
        let entry = NewEntry {
            profile: self.profile.name.to_string(),
            org: org.to_owned(),
            action,
            request,
        };
        Ok(self.services.journal.record_start(entry).await?)
    }

    /// Runs one change between its journal "before" and "after". When the request may have
    /// reached Okta without a response, the entry becomes "outcome unknown". It is settled now
    /// only if reading the org shows the change, and otherwise checked again at the next start.
    pub(super) async fn journaled<T>(
        &self,
        org: &str,
        action: Action,
        request: Value,
        call: impl Future<Output = Result<T, okta::Error>>,
        summarize: impl FnOnce(&T) -> Value,
    ) -> Result<T, SessionError> {
        let id = self.start(org, action, request).await?;
        match call.await {
            Ok(value) => {
                let result = summarize(&value);
                let ending = Ending::Succeeded { result };
                self.services.journal.record_end(id, ending).await?;
                Ok(value)
            }
            Err(error) => self.end_with_error(id, org, action, error).await,
        }
    }

    /// Ends a journal entry for a failed request. When the request may have reached Okta, the
    /// entry is marked "outcome unknown" and settled at once if reading the org shows the change.
    async fn end_with_error<T>(
        &self,
        id: EntryId,
        org: &str,
        action: Action,
        error: okta::Error,
    ) -> Result<T, SessionError> {
        let journal = &self.services.journal;
        let context = self.change_context(org, action);
        if let okta::Error::OrgCreatedResponseLost { subdomain, .. } = &error {
            // Okta created the org. Only the response with its API token is lost.
            let result = json!({ "subdomain": subdomain, "apiTokenLost": true });
            journal.record_end(id, Ending::Succeeded { result }).await?;
            return Err(okta_error(error, &context));
        }
        if !may_have_been_processed(&error) {
            let failure = failure_of(&error, &context);
            journal.record_end(id, Ending::Failed(failure)).await?;
            return Err(okta_error(error, &context));
        }
        self.end_unconfirmed(id, org, action, error).await
    }

    /// Marks a change whose outcome is unknown as "outcome unknown", then reads the org.
    /// Only a change Okta shows as made settles the entry now. Anything else stays unknown,
    /// because Okta may still be carrying the request out, and the next start checks again.
    async fn end_unconfirmed<T>(
        &self,
        id: EntryId,
        org: &str,
        action: Action,
        error: okta::Error,
    ) -> Result<T, SessionError> {
        let journal = &self.services.journal;
        let context = self.change_context(org, action);
        let failure = failure_of(&error, &context);
        let reason = failure.message.clone();
        let entry = journal.mark_outcome_unknown(id, failure).await?;
        match recheck::check(self, &entry).await {
            Found::Settled(ending @ Ending::Succeeded { .. }) => {
                journal.settle(id, ending).await?;
                Err(SessionError::AnswerLost {
                    org: org.to_owned(),
                    entry: Box::new(journal.get(id).await?),
                })
            }
            Found::Settled(Ending::Failed(_)) | Found::Unknown(_) => {
                Err(SessionError::OutcomeUnknown {
                    org: org.to_owned(),
                    reason,
                    entry: Box::new(entry),
                })
            }
        }
    }

    /// Returns the diagnosis context of a change: Aerial API changes need `okta.accounts.manage`.
    fn change_context(&self, org: &str, action: Action) -> crate::DiagnosisContext {
        let mut context = context_for(&self.profile);
        context.target_org = Some(org.to_owned());
        let aerial = matches!(
            action,
            Action::Link | Action::Products | Action::Status | Action::DeletionRequest
        );
        if aerial {
            context.scope = Some(okta::scope::ACCOUNTS_MANAGE.to_owned());
        }
        context
    }
}

/// Builds the journal's record of a failure: the diagnosis in plain words and Okta's IDs.
fn failure_of(error: &okta::Error, context: &crate::DiagnosisContext) -> Failure {
    let diagnosis = crate::diagnose(error, context);
    Failure {
        message: format!("{} {}", diagnosis.cause, diagnosis.fix),
        error_code: diagnosis.okta.error_code.clone(),
        error_id: diagnosis.okta.error_id.clone(),
        http_status: diagnosis.okta.http_status,
    }
}

/// Reports whether a failed request may still have changed something at Okta.
fn may_have_been_processed(error: &okta::Error) -> bool {
    match error {
        okta::Error::Transport {
            maybe_processed, ..
        } => *maybe_processed,
        okta::Error::Api(api) => api.status >= 500,
        _ => false,
    }
}
