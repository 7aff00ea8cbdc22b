//! The one error shape at the edges (CLI and IPC): a stable machine-readable `code`, a
//! Swedish `message` for the user, and the individual problems (`errors`), each with a
//! line and column where the problem is in a file.
//!
//! Messages never contain personal data; database errors are reported with a generic
//! Swedish message and their technical cause kept for developers only.

use aktgranskning_import::RowError;
use aktgranskning_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// What kind of failure, deciding the CLI's exit code (2 for all but `Internal`, 1 else).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input (a file, an argument, a form field) is invalid.
    InvalidInput,
    /// The operation is not allowed in the audit's current state.
    Refused,
    /// What was asked for does not exist.
    NotFound,
    /// The database is encrypted and its key could not be had: the user must give the
    /// passphrase or the recovery code.
    Locked,
    /// Anything else: the database, the disk.
    Internal,
}

/// One problem, located where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorDetail {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub column: Option<String>,
    pub message: String,
}

/// A failed operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ServiceError {
    pub code: ErrorCode,
    pub message: String,
    pub errors: Vec<ErrorDetail>,
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ServiceError {}

impl ServiceError {
    fn single(code: ErrorCode, message: impl Into<String>) -> ServiceError {
        let message = message.into();
        ServiceError {
            code,
            errors: vec![ErrorDetail {
                line: None,
                column: None,
                message: message.clone(),
            }],
            message,
        }
    }

    pub fn invalid(message: impl Into<String>) -> ServiceError {
        Self::single(ErrorCode::InvalidInput, message)
    }

    /// An invalid form field or argument, named in `column`.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> ServiceError {
        let mut e = Self::single(ErrorCode::InvalidInput, message);
        e.errors[0].column = Some(field.to_string());
        e
    }

    pub fn refused(message: impl Into<String>) -> ServiceError {
        Self::single(ErrorCode::Refused, message)
    }

    pub fn not_found(message: impl Into<String>) -> ServiceError {
        Self::single(ErrorCode::NotFound, message)
    }

    pub fn locked(message: impl Into<String>) -> ServiceError {
        Self::single(ErrorCode::Locked, message)
    }

    pub fn internal(message: impl Into<String>) -> ServiceError {
        Self::single(ErrorCode::Internal, message)
    }

    /// An invalid file: every problem with its line and column.
    pub fn invalid_rows(rows: Vec<RowError>) -> ServiceError {
        let n = rows.len();
        ServiceError {
            code: ErrorCode::InvalidInput,
            message: if n == 1 {
                "Filen innehåller ett fel. Ingenting har importerats.".to_string()
            } else {
                format!("Filen innehåller {n} fel. Ingenting har importerats.")
            },
            errors: rows
                .into_iter()
                .map(|r| ErrorDetail {
                    line: Some(r.line),
                    column: Some(r.column),
                    message: r.message,
                })
                .collect(),
        }
    }

    /// The process exit code for the CLI: 2 for invalid input and refused operations,
    /// 1 for anything else.
    pub fn exit_code(&self) -> i32 {
        match self.code {
            ErrorCode::InvalidInput
            | ErrorCode::Refused
            | ErrorCode::NotFound
            | ErrorCode::Locked => 2,
            ErrorCode::Internal => 1,
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> ServiceError {
        let message = match &e {
            StoreError::TooNew { .. } => {
                "Databasen är skapad av en nyare version av Aktgranskning. Uppdatera programmet."
                    .to_string()
            }
            StoreError::Foreign => {
                "Filen är ingen Aktgranskning-databas och öppnas inte (den ändras inte)."
                    .to_string()
            }
            StoreError::WrongKey => "Databasfilen kan inte öppnas med den här nyckeln: \
                 antingen är nyckeln (lösenfrasen) fel, eller så är filen ingen \
                 Aktgranskning-databas."
                .to_string(),
            StoreError::Plaintext => "Filen är en okrypterad databas. Aktgranskning \
                 använder bara krypterade databaser."
                .to_string(),
            StoreError::InMemory => {
                "Databasen finns bara i minnet och har ingen fil att kopiera.".to_string()
            }
            StoreError::CreateDir { path, .. } => {
                format!("Mappen för databasen kunde inte skapas: {}", path.display())
            }
            StoreError::WriteCopy { path, .. } => format!(
                "Databasen kunde inte krypteras: den krypterade kopian kunde inte skrivas i {}. \
                 Den okrypterade filen är oförändrad.",
                path.display()
            ),
            StoreError::Sqlite(_) if e.is_busy() => {
                "Databasen används av ett annat program just nu. Försök igen.".to_string()
            }
            _ => "Databasen kunde inte läsas eller skrivas.".to_string(),
        };
        let mut err = match &e {
            // Not a failure of ours: the user pointed at the wrong file or an old program.
            StoreError::TooNew { .. }
            | StoreError::Foreign
            | StoreError::Plaintext
            | StoreError::InMemory => ServiceError::refused(message),
            StoreError::WrongKey => ServiceError::locked(message),
            _ => ServiceError::internal(message),
        };
        // The technical cause, for developers (store errors never hold personal data).
        err.errors.push(ErrorDetail {
            line: None,
            column: None,
            message: format!("Teknisk orsak: {e}"),
        });
        err
    }
}
