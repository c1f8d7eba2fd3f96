//! The save dialog the export commands open, kept behind a function in the app state so commands
//! need no window handle and chosen paths never reach the web UI.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use tauri_plugin_dialog::DialogExt;

/// The title, proposed file name and file type of a save dialog.
#[derive(Clone, Debug)]
pub struct SaveRequest {
    pub title: String,
    /// The proposed file name.
    pub file_name: String,
    /// The name of the file type, such as "CSV files".
    pub filter_name: String,
    /// Extensions of that type, without the dot.
    pub extensions: Vec<String>,
}

/// Opens a save dialog and returns the chosen path, or `None` when the user cancels.
pub type SaveDialog =
    Arc<dyn Fn(SaveRequest) -> Pin<Box<dyn Future<Output = Option<PathBuf>> + Send>> + Send + Sync>;

/// Returns the native save dialog of `app`.
pub fn native<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> SaveDialog {
    Arc::new(move |request: SaveRequest| {
        let app = app.clone();
        Box::pin(async move {
            let (sender, receiver) = tokio::sync::oneshot::channel();
            let extensions: Vec<&str> = request.extensions.iter().map(String::as_str).collect();
            app.dialog()
                .file()
                .set_title(&request.title)
                .set_file_name(&request.file_name)
                .add_filter(&request.filter_name, &extensions)
                .save_file(move |chosen| {
                    let path = chosen.and_then(|file| file.into_path().ok());
                    if sender.send(path).is_err() {
                        tracing::debug!("the save dialog's caller stopped waiting");
                    }
                });
            receiver.await.ok().flatten()
        })
    })
}
