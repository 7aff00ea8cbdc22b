//! The app's state: the open store (or why it could not be opened), its path and the
//! acting user.

use aktgranskning_service::{Context, ServiceError, Store};
use std::path::PathBuf;
use std::sync::Mutex;

pub struct AppState {
    store: Result<Mutex<Store>, ServiceError>,
    pub db_path: PathBuf,
    pub user: String,
}

impl AppState {
    /// Opens the default database (the same one the CLI uses). A failure is kept and
    /// reported by every command, so the window can show it in Swedish.
    pub fn open_default() -> AppState {
        let db_path = aktgranskning_store::default_db_path();
        let store = Store::open(Some(&db_path))
            .map(Mutex::new)
            .map_err(ServiceError::from);
        AppState {
            store,
            db_path,
            user: aktgranskning_service::context::os_user(),
        }
    }

    /// Who is acting, for the history.
    pub fn ctx(&self) -> Context {
        Context::new(self.user.clone())
    }

    /// Runs `f` with exclusive access to the store.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        let mut guard = store.lock().map_err(|_| {
            ServiceError::internal(
                "Databasen är låst efter ett tidigare fel. Starta om programmet.",
            )
        })?;
        f(&mut guard)
    }
}
