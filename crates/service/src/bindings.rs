//! TypeScript declarations of the types that cross to the web UI, generated with ts-rs
//! into `ui/src/lib/api/bindings.ts`. Regenerate with
//! `UPDATE_BINDINGS=1 cargo test -p aktgranskning-service bindings`; the same test fails
//! when the committed file is stale.

use ts_rs::{Config, TS};

/// The whole generated file.
pub fn typescript() -> String {
    // Ids and counts are JSON numbers (serde_json), not BigInt.
    let cfg = Config::new().with_large_int("number");
    let decls = [
        crate::error::ErrorCode::decl(&cfg),
        crate::error::ErrorDetail::decl(&cfg),
        crate::error::ServiceError::decl(&cfg),
        crate::about::AppInfo::decl(&cfg),
        crate::verify::AuditVerification::decl(&cfg),
        crate::keys::KeyMode::decl(&cfg),
        crate::gallring::GallringInfo::decl(&cfg),
        crate::keys::DatabaseStatus::decl(&cfg),
        crate::backup::BackupInfo::decl(&cfg),
        crate::backup::BackupEntry::decl(&cfg),
        crate::settings::UserSettings::decl(&cfg),
        crate::templates::TemplateSummary::decl(&cfg),
        crate::review::SheetExport::decl(&cfg),
        crate::recommendations::Recommendation::decl(&cfg),
        crate::followup::FollowupItem::decl(&cfg),
        crate::recommendations::RegisterEntry::decl(&cfg),
        aktgranskning_core::stats::Verdict::decl(&cfg),
        crate::trend::RateView::decl(&cfg),
        crate::trend::Comparison::decl(&cfg),
        crate::trend::ItemTrend::decl(&cfg),
        crate::trend::AreaTrend::decl(&cfg),
        crate::trend::SeriesArea::decl(&cfg),
        crate::trend::SeriesItem::decl(&cfg),
        crate::trend::SeriesPoint::decl(&cfg),
        crate::trend::TrendSummaryView::decl(&cfg),
        crate::trend::TrendView::decl(&cfg),
        crate::overview::AreaGrade::decl(&cfg),
        crate::overview::KvalitetsomradeCount::decl(&cfg),
        crate::overview::AreaVerdict::decl(&cfg),
        crate::overview::UnitAudit::decl(&cfg),
        crate::overview::UnitOverview::decl(&cfg),
        crate::overview::YearShare::decl(&cfg),
        crate::overview::Overview::decl(&cfg),
        crate::overview::OverviewExport::decl(&cfg),
        crate::double::SecondReviewer::decl(&cfg),
        crate::double::DoubleView::decl(&cfg),
        crate::double::OverallAgreement::decl(&cfg),
        crate::double::ItemAgreement::decl(&cfg),
        crate::double::AgreementView::decl(&cfg),
        crate::double::SettledView::decl(&cfg),
        crate::double::Disagreement::decl(&cfg),
        crate::calibration::CalibrationCell::decl(&cfg),
        crate::calibration::CalibrationItem::decl(&cfg),
        crate::calibration::CalibrationView::decl(&cfg),
        crate::finalize::Readiness::decl(&cfg),
        crate::factcheck::RoundView::decl(&cfg),
        crate::feedback::FeedbackExport::decl(&cfg),
        crate::sampling::PlannedSize::decl(&cfg),
        crate::sampling::StrataChoice::decl(&cfg),
        crate::review::SampledFile::decl(&cfg),
        crate::notes::FileNoteView::decl(&cfg),
        crate::notes::WorkingNoteView::decl(&cfg),
        crate::notes::NotesView::decl(&cfg),
        crate::notes::ItemComment::decl(&cfg),
        crate::notes::ItemComments::decl(&cfg),
        aktgranskning_core::checklist::AppliesTo::decl(&cfg),
        aktgranskning_core::checklist::Thresholds::decl(&cfg),
        aktgranskning_core::checklist::Item::decl(&cfg),
        aktgranskning_core::checklist::Template::decl(&cfg),
        crate::audits::AuditSummary::decl(&cfg),
        crate::audits::NewAuditInput::decl(&cfg),
        crate::audits::AuditEdit::decl(&cfg),
        crate::population::SkippedRow::decl(&cfg),
        crate::population::PopulationSummary::decl(&cfg),
        crate::population::ColumnChoice::decl(&cfg),
        crate::population::FieldColumn::decl(&cfg),
        crate::population::PopulationPreview::decl(&cfg),
        aktgranskning_core::checklist::Answer::decl(&cfg),
        aktgranskning_core::checklist::Grade::decl(&cfg),
        aktgranskning_core::checklist::Kvalitetsomrade::decl(&cfg),
        aktgranskning_core::results::ItemResult::decl(&cfg),
        aktgranskning_core::results::RollUp::decl(&cfg),
        aktgranskning_core::sampling::StratumCount::decl(&cfg),
        crate::sampling::SampleView::decl(&cfg),
        crate::sampling::Verification::decl(&cfg),
        crate::review::FileStatus::decl(&cfg),
        crate::review::ItemApplicability::decl(&cfg),
        crate::review::FileItem::decl(&cfg),
        crate::review::FileView::decl(&cfg),
        crate::review::ItemView::decl(&cfg),
        crate::review::ResultsView::decl(&cfg),
        crate::review::GradeSet::decl(&cfg),
        crate::review::AnswersImported::decl(&cfg),
        crate::review::ControllerProgress::decl(&cfg),
        crate::review::Progress::decl(&cfg),
        crate::chapters::Chapter::decl(&cfg),
        crate::findings::Finding::decl(&cfg),
        crate::audits::HistoryEvent::decl(&cfg),
        crate::audits::HistoryKind::decl(&cfg),
        crate::audits::HistoryPage::decl(&cfg),
        crate::report::Report::decl(&cfg),
        crate::finalize::Finalized::decl(&cfg),
        crate::factcheck::PackageFinding::decl(&cfg),
        crate::factcheck::PackageResult::decl(&cfg),
        crate::factcheck::PackageView::decl(&cfg),
        crate::factcheck::CommentInput::decl(&cfg),
        crate::factcheck::CommentView::decl(&cfg),
        crate::factcheck::Exported::decl(&cfg),
        crate::factcheck::Imported::decl(&cfg),
        crate::finalize::ReportVersionView::decl(&cfg),
        crate::work::WorkExported::decl(&cfg),
        crate::work::WorkMerged::decl(&cfg),
        crate::work::WorkReturned::decl(&cfg),
        crate::work::WorkStatus::decl(&cfg),
        crate::work::WorkPackageView::decl(&cfg),
        crate::work::ConflictView::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types in crates/service by ts-rs. Do not edit by hand:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p aktgranskning-service bindings`.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn bindings_are_fresh() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../ui/src/lib/api/bindings.ts"
        );
        let generated = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/lib/api/bindings.ts is stale: run UPDATE_BINDINGS=1 cargo test -p aktgranskning-service bindings"
        );
    }
}
