//! Saving the world to a JSON file so the demo survives a restart.

use std::path::Path;

use crate::error::SimError;
use crate::world::World;

/// Writes the world as seed JSON, through a temporary file and a rename so a crash never leaves
/// a half-written file.
pub(crate) fn write_world(path: &Path, world: &World) -> Result<(), SimError> {
    let persist_error = |source| SimError::Persist {
        path: path.to_path_buf(),
        source,
    };
    let text = serde_json::to_string_pretty(world)
        .map_err(std::io::Error::other)
        .map_err(persist_error)?;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    std::fs::write(&temporary, text).map_err(persist_error)?;
    std::fs::rename(&temporary, path).map_err(persist_error)
}

/// Loads a persisted world when the file exists; `Ok(None)` when it does not.
pub(crate) fn read_world(path: &Path) -> Result<Option<World>, SimError> {
    match std::fs::read_to_string(path) {
        Ok(text) => World::from_json(&text).map(Some),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SimError::ReadSeed {
            path: path.to_path_buf(),
            source,
        }),
    }
}
