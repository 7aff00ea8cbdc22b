//! The IPC commands: each takes the state, calls one service function and returns its
//! result; errors cross as `{code, message, errors}` (see `ServiceError`).

use crate::state::AppState;
use aktgranskning_service::ServiceError;
use aktgranskning_service::about::AppInfo;
use aktgranskning_service::audits::{self, AuditSummary};
use tauri::State;

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo::new(&state.db_path, &state.user)
}

#[tauri::command]
pub fn list_audits(state: State<'_, AppState>) -> Result<Vec<AuditSummary>, ServiceError> {
    state.with_store(|s| audits::list_audits(s))
}
