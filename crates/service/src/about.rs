//! What the app shows about itself: version, database file, acting user.

use serde::Serialize;
use ts_rs::TS;

/// Facts about the running program, for the UI's header and footer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    /// The database file in use.
    pub db_path: String,
    /// The acting user, recorded as who did what.
    pub user: String,
}

impl AppInfo {
    pub fn new(db_path: &std::path::Path, user: &str) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            db_path: db_path.display().to_string(),
            user: user.to_string(),
        }
    }
}
