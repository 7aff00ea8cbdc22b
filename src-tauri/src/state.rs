//! The app's state: the open store (or why it could not be opened), its path and the
//! acting user (from the settings, else the login name).

use aktgranskning_service::{Context, ServiceError, Store, settings};
use std::path::PathBuf;
use std::sync::Mutex;

pub struct AppState {
    store: Result<Mutex<Store>, ServiceError>,
    pub db_path: PathBuf,
    user: Mutex<String>,
}

impl AppState {
    /// Opens the default database (the same one the CLI uses). A failure is kept and
    /// reported by every command, so the window can show it in Swedish.
    pub fn open_default() -> AppState {
        let db_path = aktgranskning_store::default_db_path();
        let login = aktgranskning_service::context::os_user();
        let store = Store::open(Some(&db_path)).map_err(ServiceError::from);
        let user = store
            .as_ref()
            .ok()
            .and_then(|s| settings::user(s, &login).ok())
            .map_or(login, |u| u.name);
        AppState {
            store: store.map(Mutex::new),
            db_path,
            user: Mutex::new(user),
        }
    }

    /// The acting user's name.
    pub fn user(&self) -> String {
        self.user.lock().map(|u| u.clone()).unwrap_or_default()
    }

    /// Changes the acting user's name (after the settings are saved).
    pub fn set_user(&self, name: &str) {
        if let Ok(mut u) = self.user.lock() {
            *u = name.to_string();
        }
    }

    /// Who is acting, for the history.
    pub fn ctx(&self) -> Context {
        Context::new(self.user())
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
