//! Who is acting and what time it is, passed explicitly to every use case.

use chrono::{DateTime, SecondsFormat, Utc};

/// The source of the current time, so that tests can fix it.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always tells the same time.
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The acting user and the clock.
pub struct Context {
    /// Recorded as who did what (the CLI's `--user`, the app's user setting).
    pub user: String,
    pub clock: Box<dyn Clock>,
}

impl Context {
    pub fn new(user: impl Into<String>) -> Context {
        Context {
            user: user.into(),
            clock: Box::new(SystemClock),
        }
    }

    /// The current time as stored: RFC 3339, UTC, whole seconds.
    pub fn now_text(&self) -> String {
        self.clock.now().to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

/// The login name of the operating-system user, the default acting user.
pub fn os_user() -> String {
    whoami::username()
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "okänd".to_string())
}
