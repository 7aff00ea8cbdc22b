//! The Aktgranskning desktop app.
//!
//! A thin shell: it opens the same default database as the CLI, holds it in
//! [`state::AppState`], and exposes [`commands`] of a few lines each over
//! `aktgranskning-service`. All rules live in the library crates; only this crate knows
//! about Tauri and IPC.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

fn main() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "Aktgranskning behöver en grafisk skärm, men ingen finns (varken DISPLAY eller WAYLAND_DISPLAY är satt).\n\
             Använd kommandoradsverktyget i stället, t.ex.: aktgranskning audit list\n\
             (No display found: use the command-line tool `aktgranskning` instead.)"
        );
        std::process::exit(1);
    }
    let state = state::AppState::open_default();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::database_status,
            commands::unlock_database,
            commands::recovery_code_saved,
            commands::show_recovery_code,
            commands::list_backups,
            commands::create_backup,
            commands::restore_backup,
            commands::gallring_info,
            commands::gallra_audit,
            commands::list_audits,
            commands::create_audit,
            commands::create_demo_audit,
            commands::preview_population,
            commands::merge_officers,
            commands::verify_audit,
            commands::import_population,
            commands::draw_sample,
            commands::current_sample,
            commands::verify_sample,
            commands::assign_sample,
            commands::review_files,
            commands::review_file,
            commands::reveal_personnummer,
            commands::set_answer,
            commands::import_answers,
            commands::export_population,
            commands::results,
            commands::set_grade,
            commands::list_chapters,
            commands::set_chapter_text,
            commands::list_findings,
            commands::add_finding,
            commands::edit_finding,
            commands::propose_findings,
            commands::export_report,
            commands::export_report_docx,
            commands::list_recommendations,
            commands::list_notes,
            commands::factcheck_close,
            commands::factcheck_form,
            commands::factcheck_import_form,
            commands::work_export,
            commands::work_open,
            commands::work_return,
            commands::work_import,
            commands::work_settle,
            commands::work_status,
            commands::factcheck_record,
            commands::factcheck_rounds,
            commands::export_checklist,
            commands::export_deviations,
            commands::edit_audit,
            commands::remove_audit,
            commands::archive_audit,
            commands::planned_size,
            commands::strata_choices,
            commands::sample_list,
            commands::export_sample_xlsx,
            commands::finalize_readiness,
            commands::set_file_note,
            commands::add_working_note,
            commands::edit_working_note,
            commands::remove_working_note,
            commands::item_comments,
            commands::followup_list,
            commands::followup_set,
            commands::followup_form,
            commands::followup_import,
            commands::add_recommendation,
            commands::respond_recommendation,
            commands::findings_without_recommendation,
            commands::recommendation_register,
            commands::trend,
            commands::overview,
            commands::clear_answer,
            commands::double_view,
            commands::calibration,
            commands::draw_calibration,
            commands::import_calibration,
            commands::draw_double,
            commands::assign_second,
            commands::agreement,
            commands::disagreements,
            commands::settle_disagreement,
            commands::export_overview,
            commands::set_trend_summary,
            commands::export_results_xlsx,
            commands::export_answers_xlsx,
            commands::preview_report,
            commands::history_page,
            commands::finalize_audit,
            commands::reopen_audit,
            commands::report_versions,
            commands::export_history,
            commands::factcheck_export,
            commands::factcheck_import,
            commands::factcheck_list,
            commands::factcheck_resolve,
            commands::open_package,
            commands::package_report,
            commands::save_response,
            commands::get_settings,
            commands::set_settings,
            commands::list_templates,
            commands::export_template,
            commands::import_template,
            commands::get_template,
            commands::save_template,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Aktgranskning kunde inte starta: {e}");
        std::process::exit(1);
    }
}
