//! The history of changes the app made, from the journal, and its CSV export.

use desk::journal::{Action, Entry, Query};
use serde::{Deserialize, Serialize};
use specta::Type;
use time::format_description::well_known::Rfc3339;

use crate::dialogs::SaveRequest;
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// The maximum number of entries the history screen lists at once.
const MAX_LISTED: u32 = 5_000;

/// The filter the history screen sets.
#[derive(Clone, Debug, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HistoryFilter {
    /// An org ID or domain, matched exactly.
    pub org: Option<String>,
    /// A journal action name, such as `status` or `products`.
    pub action: Option<String>,
}

/// One change as the history screen lists it. Summaries contain no secret: the journal rejects
/// entries that look like they contain one.
#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    /// The journal's row ID. A JavaScript number represents it exactly up to 2^53.
    pub id: f64,
    /// RFC 3339 UTC.
    pub started_at: String,
    pub finished_at: Option<String>,
    pub profile: String,
    pub org: String,
    pub action: String,
    /// `pending`, `succeeded`, `failed` or `outcome_unknown`.
    pub state: String,
    /// The request, as compact JSON.
    pub request: String,
    /// Okta's response summary, as compact JSON, for a change that succeeded.
    pub result: Option<String>,
    pub failure: Option<String>,
    /// Okta's `errorCode` of a failure.
    pub error_code: Option<String>,
    /// Okta's `errorId` of a failure.
    pub error_id: Option<String>,
}

impl From<&Entry> for HistoryEntry {
    fn from(entry: &Entry) -> Self {
        let time = |at: &time::OffsetDateTime| at.format(&Rfc3339).unwrap_or_default();
        Self {
            id: entry.id.0 as f64,
            started_at: time(&entry.started_at),
            finished_at: entry.finished_at.as_ref().map(time),
            profile: entry.profile.clone(),
            org: entry.org.clone(),
            action: entry.action.as_str().to_owned(),
            state: entry.state.as_str().to_owned(),
            request: entry.request.to_string(),
            result: entry.result.as_ref().map(ToString::to_string),
            failure: entry
                .failure
                .as_ref()
                .map(|failure| failure.message.clone()),
            error_code: entry.failure.as_ref().and_then(|f| f.error_code.clone()),
            error_id: entry.failure.as_ref().and_then(|f| f.error_id.clone()),
        }
    }
}

/// The file an export was written to, and how many entries it contains.
#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportResult {
    /// The file's name, without its folder.
    pub file_name: String,
    pub entries: u32,
}

/// Returns the changes that match `filter`, newest first.
#[tauri::command]
#[specta::specta]
pub async fn history(
    state: tauri::State<'_, AppState>,
    filter: HistoryFilter,
) -> Result<Vec<HistoryEntry>, IpcError> {
    let mut query =
        query_for(&filter, Some(MAX_LISTED)).map_err(|e| state.recent_errors.record(e))?;
    query.also_org = domain_of(&state, &filter).await;
    let entries = state
        .services
        .journal
        .query(query)
        .await
        .map_err(|e| state.recent_errors.record(e.into()))?;
    Ok(entries.iter().map(HistoryEntry::from).collect())
}

/// Asks where to save, then writes the changes that match `filter` there as CSV. Returns `None`
/// when the user cancels the dialog.
#[tauri::command]
#[specta::specta]
pub async fn export_history_csv(
    state: tauri::State<'_, AppState>,
    filter: HistoryFilter,
) -> Result<Option<ExportResult>, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    let mut query = query_for(&filter, None).map_err(record)?;
    query.also_org = domain_of(&state, &filter).await;
    let journal = &state.services.journal;
    let count = journal
        .query(query.clone())
        .await
        .map_err(|e| record(e.into()))?
        .len();
    let csv = journal
        .export_csv(query)
        .await
        .map_err(|e| record(e.into()))?;

    let Some(dialog) = state.save_dialog() else {
        return Err(record(IpcError::new(
            "no_dialog",
            "This window cannot open a save dialog.",
            "Restart Aerial Desk and try again.",
        )));
    };
    let request = SaveRequest {
        title: "Export history as CSV".to_owned(),
        file_name: "aerial-desk-history.csv".to_owned(),
        filter_name: "CSV files".to_owned(),
        extensions: vec!["csv".to_owned()],
    };
    let Some(path) = dialog(request).await else {
        return Ok(None);
    };
    tokio::fs::write(&path, &csv).await.map_err(|error| {
        record(
            IpcError::new(
                "export_failed",
                format!("Writing the history to {} failed.", path.display()),
                "Choose a folder you can write to, then export again.",
            )
            .with_details(error.to_string()),
        )
    })?;
    tracing::info!(path = %path.display(), entries = count, "history exported");
    Ok(Some(ExportResult {
        file_name: path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        entries: u32::try_from(count).unwrap_or(u32::MAX),
    }))
}

/// Returns the domain of the org the filter names by its ID, so the history also lists the
/// changes recorded under the domain (creations, consent, starter configurations). `None` when
/// the filter names no org, no profile is open, or Okta does not know the ID.
async fn domain_of(state: &AppState, filter: &HistoryFilter) -> Option<String> {
    let org = filter.org.as_deref()?.trim();
    if org.is_empty() || org.contains('.') {
        return None;
    }
    let session = state.session().await?;
    match session.org(org).await {
        Ok(found) => found.domain,
        Err(error) => {
            tracing::info!(%error, org, "the history filter's org was not found at Okta");
            None
        }
    }
}

fn query_for(filter: &HistoryFilter, limit: Option<u32>) -> Result<Query, IpcError> {
    let action = match filter.action.as_deref().filter(|name| !name.is_empty()) {
        None => None,
        Some(name) => Some(Action::from_name(name).ok_or_else(|| {
            IpcError::new(
                "unknown_action",
                format!("\"{name}\" is not a kind of change the history records."),
                "Choose a kind of change from the list.",
            )
        })?),
    };
    let org = filter
        .org
        .as_deref()
        .map(str::trim)
        .filter(|org| !org.is_empty())
        .map(str::to_owned);
    Ok(Query {
        org,
        action,
        limit,
        ..Query::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_for_trims_the_org() {
        let filter = HistoryFilter {
            org: Some("  00o1  ".into()),
            action: Some("status".into()),
        };

        let query = query_for(&filter, Some(10)).unwrap();

        assert_eq!(query.org.as_deref(), Some("00o1"));
        assert_eq!(query.action, Some(Action::Status));
        assert_eq!(query.limit, Some(10));
    }

    #[test]
    fn query_for_treats_blank_as_any() {
        let filter = HistoryFilter {
            org: Some("   ".into()),
            action: Some(String::new()),
        };

        let query = query_for(&filter, None).unwrap();

        assert_eq!(query.org, None);
        assert_eq!(query.action, None);
    }
}
