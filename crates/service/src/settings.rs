//! The app user's settings: the name recorded as who did what, and the role.
//!
//! Kept in the database, so that the name in the history is the same whichever login
//! the app runs under. The CLI's `--user` is unaffected.

use crate::{Result, ServiceError, Store};
use aktgranskning_store::settings;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The roles a user of the app can have.
pub const ROLES: [&str; 3] = ["Kvalitetscontroller", "Enhetschef", "Handläggare"];

/// The app user's name and role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UserSettings {
    /// Recorded in the history as who did what.
    pub name: String,
    /// One of [`ROLES`].
    pub role: String,
    /// Whether the user has given a name (false: the login name stands in, and the app
    /// asks for the name at its first start).
    #[serde(default)]
    pub saved: bool,
}

/// The saved settings, or the operating system's login name and Kvalitetscontroller.
pub fn user(store: &Store, default_name: &str) -> Result<UserSettings> {
    let conn = store.conn();
    let name = settings::get(conn, "user.name")?;
    Ok(UserSettings {
        saved: name.is_some(),
        name: name.unwrap_or_else(|| default_name.to_string()),
        role: settings::get(conn, "user.role")?.unwrap_or_else(|| ROLES[0].to_string()),
    })
}

/// Saves the user's name and role.
pub fn set_user(store: &mut Store, s: &UserSettings) -> Result<UserSettings> {
    let name = s.name.trim();
    if name.is_empty() {
        return Err(ServiceError::invalid_field("Namn", "Ange ditt namn"));
    }
    if name.chars().count() > 80 {
        return Err(ServiceError::invalid_field(
            "Namn",
            "Namnet får vara högst 80 tecken",
        ));
    }
    if !ROLES.contains(&s.role.as_str()) {
        return Err(ServiceError::invalid_field(
            "Roll",
            format!("Okänd roll: välj {}", ROLES.join(", ")),
        ));
    }
    store.write(|tx| {
        settings::set(tx, "user.name", name)?;
        settings::set(tx, "user.role", &s.role)
    })?;
    Ok(UserSettings {
        name: name.to_string(),
        role: s.role.clone(),
        saved: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_default_to_the_login_and_are_checked_when_saved() {
        let mut store = Store::open_in_memory().unwrap();
        let u = user(&store, "kalle").unwrap();
        assert_eq!(
            (u.name.as_str(), u.role.as_str(), u.saved),
            ("kalle", "Kvalitetscontroller", false),
            "no name given yet: the app asks for it"
        );
        let saved = set_user(
            &mut store,
            &UserSettings {
                name: "  Karin Lund ".into(),
                role: "Enhetschef".into(),
                saved: false,
            },
        )
        .unwrap();
        assert_eq!(saved.name, "Karin Lund");
        assert!(saved.saved);
        assert_eq!(user(&store, "kalle").unwrap(), saved);
        let bad = UserSettings {
            name: "".into(),
            role: "Enhetschef".into(),
            saved: false,
        };
        assert_eq!(
            set_user(&mut store, &bad).unwrap_err().errors[0]
                .column
                .as_deref(),
            Some("Namn")
        );
        let bad = UserSettings {
            name: "Karin".into(),
            role: "Chef".into(),
            saved: false,
        };
        assert!(
            set_user(&mut store, &bad)
                .unwrap_err()
                .message
                .contains("Okänd roll")
        );
        assert_eq!(user(&store, "kalle").unwrap(), saved, "nothing changed");
    }
}
