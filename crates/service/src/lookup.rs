//! Finding an audit by id, for every use case: its own module so that the use cases
//! depend on it rather than on each other.

use crate::{Result, ServiceError};
use aktgranskning_store::Connection;
use aktgranskning_store::audits::{self, AuditRow};

/// The audit with this id, or a Swedish not-found error.
pub(crate) fn require(conn: &Connection, id: i64) -> Result<AuditRow> {
    audits::get(conn, id)?
        .ok_or_else(|| ServiceError::not_found(format!("Det finns ingen granskning med id {id}")))
}
