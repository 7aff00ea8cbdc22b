//! The app's state: the open store (or why it could not be opened: locked until the user
//! gives the passphrase or recovery code, or failed), its path, the acting user (from the
//! settings, else the login name), and what the user must be told once about the key.

use aktgranskning_service::keys::{self, DatabaseStatus, KeyMode, Opened};
use aktgranskning_service::{Context, ErrorCode, ServiceError, Store, backup, settings};
use std::path::PathBuf;
use std::sync::Mutex;
use zeroize::Zeroizing;

/// The database as far as it is open.
struct Db {
    store: Result<Store, ServiceError>,
    mode: Option<KeyMode>,
    /// The recovery code of a key made at this start, until the user confirms it is saved.
    recovery_code: Option<Zeroizing<String>>,
    /// Said once: the database was encrypted now, the daily backup failed …
    notices: Vec<String>,
}

pub struct AppState {
    db: Mutex<Db>,
    pub db_path: PathBuf,
    user: Mutex<String>,
}

impl AppState {
    /// Opens the default database (the same one the CLI uses) with its key. A failure is
    /// kept and reported by every command, so the window can show it in Swedish, or ask
    /// for the passphrase or recovery code when the database is locked.
    pub fn open_default() -> AppState {
        let db_path = aktgranskning_store::default_db_path();
        let login = aktgranskning_service::context::os_user();
        let opened = keys::open_configured(&db_path);
        let state = AppState {
            db: Mutex::new(Db {
                store: Err(ServiceError::internal("")),
                mode: None,
                recovery_code: None,
                notices: Vec::new(),
            }),
            db_path,
            user: Mutex::new(login),
        };
        state.take(opened);
        state
    }

    /// Puts the result of an open in place: the store, the user from its settings, the
    /// recovery code to show, the notices, and the day's automatic backup.
    fn take(&self, opened: Result<Opened, ServiceError>) {
        let Ok(mut db) = self.db.lock() else { return };
        match opened {
            Ok(o) => {
                if let Ok(u) = settings::user(&o.store, &self.user()) {
                    self.set_user(&u.name);
                }
                if o.encrypted_now {
                    db.notices
                        .push(keys::encrypted_now_message(o.encrypted_backups));
                }
                if let Err(e) = backup::daily(&o.store, &self.ctx()) {
                    db.notices.push(format!(
                        "Dagens automatiska säkerhetskopia kunde inte göras: {}",
                        e.message
                    ));
                }
                db.recovery_code = o
                    .new_key
                    .as_ref()
                    .map(|k| Zeroizing::new(keys::recovery_code(k)));
                db.mode = Some(o.mode);
                db.store = Ok(o.store);
            }
            Err(e) => db.store = Err(e),
        }
    }

    /// Whether the database is open, and what the user must be told or asked.
    pub fn status(&self) -> DatabaseStatus {
        let Ok(mut db) = self.db.lock() else {
            return DatabaseStatus::failed(ServiceError::internal(
                "Databasen är låst efter ett tidigare fel. Starta om programmet.",
            ));
        };
        let notices = std::mem::take(&mut db.notices);
        match &db.store {
            Ok(_) => DatabaseStatus {
                open: true,
                mode: db.mode.clone(),
                error: None,
                new_database: false,
                recovery_code: db.recovery_code.as_ref().map(|c| c.to_string()),
                notices,
            },
            Err(e) => DatabaseStatus {
                open: false,
                mode: None,
                error: Some(e.clone()),
                new_database: e.code == ErrorCode::Locked && keys::is_new(&self.db_path),
                recovery_code: None,
                notices,
            },
        }
    }

    /// Opens a locked database with what the user typed (a passphrase or the recovery
    /// code). Refused when the database is open already.
    pub fn unlock(&self, secret: &str) -> Result<DatabaseStatus, ServiceError> {
        if self.db.lock().map(|d| d.store.is_ok()).unwrap_or(false) {
            return Ok(self.status());
        }
        let opened = keys::unlock(&self.db_path, secret, &keys::OsKeyring)?;
        self.take(Ok(opened));
        Ok(self.status())
    }

    /// The user has saved the recovery code: it is not shown again (until asked for).
    pub fn recovery_code_saved(&self) {
        if let Ok(mut db) = self.db.lock() {
            db.recovery_code = None;
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
        let mut guard = self.db.lock().map_err(|_| {
            ServiceError::internal(
                "Databasen är låst efter ett tidigare fel. Starta om programmet.",
            )
        })?;
        match &mut guard.store {
            Ok(store) => f(store),
            Err(e) => Err(e.clone()),
        }
    }
}
