//! `chapter …`, `finding …`, `recommendation …`, `report`, `finalize`, `reopen` and `feedback …`: what the report says and the files made from it.

use super::{open_store, parse_grade};
use crate::args::*;
use crate::output::{self, Output};
use aktgranskning_core::text::count;
use aktgranskning_service::{
    Context, ServiceError, chapters, feedback, files, finalize, findings, recommendations, report,
};
use serde_json::json;

/// Runs one of this group's commands (`main` hands over only these).
pub(crate) fn run(
    cli: &Cli,
    ctx: &Context,
    out: &Output,
    command: &Command,
) -> Result<(), ServiceError> {
    match command {
        Command::Chapter(ChapterCmd::Set {
            audit,
            chapter,
            text_file,
        }) => {
            let text = files::read_text(text_file)?;
            let mut store = open_store(cli)?;
            let c = chapters::set_chapter_text(&mut store, ctx, *audit, *chapter, &text)?;
            out.print(&c, || {
                format!("Texten i kapitel {} ({}) är sparad.", c.chapter, c.title)
            });
        }
        Command::Chapter(ChapterCmd::List { audit }) => {
            let store = open_store(cli)?;
            let list = chapters::list_chapters(&store, *audit)?;
            out.print(&list, || output::chapters_text(&list));
        }
        Command::Finding(FindingCmd::Add {
            audit,
            chapter,
            grade,
            text,
        }) => {
            let grade = parse_grade(grade)?;
            let mut store = open_store(cli)?;
            let f = findings::add_finding(&mut store, ctx, *audit, *chapter, grade, text)?;
            out.print(&f, || {
                format!("Bedömning {} tillagd i kapitel {}.", f.id, f.chapter)
            });
        }
        Command::Finding(FindingCmd::Edit {
            audit,
            id,
            chapter,
            grade,
            text,
        }) => {
            let grade = grade.as_deref().map(parse_grade).transpose()?;
            let mut store = open_store(cli)?;
            let f = findings::edit_finding(
                &mut store,
                ctx,
                *audit,
                *id,
                *chapter,
                grade,
                text.as_deref(),
            )?;
            out.print(&f, || format!("Bedömning {} ändrad.", f.id));
        }
        Command::Feedback(FeedbackCmd::Checklist {
            audit,
            case,
            blank,
            out: path,
        }) => {
            let mut store = open_store(cli)?;
            let r = feedback::export_checklist(&mut store, ctx, *audit, case, *blank, path)?;
            out.print(&json!({"pages": r.pages, "out": path}), || {
                format!(
                    "Skrev {} checklista för akt {case} till {} (internt arbetsmaterial).",
                    if *blank { "en tom" } else { "den ifyllda" },
                    path.display()
                )
            });
        }
        Command::Feedback(FeedbackCmd::Deviations {
            audit,
            officer,
            out: path,
        }) => {
            let mut store = open_store(cli)?;
            let r = feedback::export_deviations(&mut store, ctx, *audit, officer.as_deref(), path)?;
            out.print(
                &json!({"pages": r.pages, "files": r.files, "out": path}),
                || {
                    format!(
                        "Skrev avvikelserna i {} till {} (internt arbetsmaterial).",
                        count(r.files, "granskad akt", "granskade akter"),
                        path.display()
                    )
                },
            );
        }
        Command::Recommendation(RecommendationCmd::Add {
            audit,
            text,
            finding,
        }) => {
            let mut store = open_store(cli)?;
            let r = recommendations::add_recommendation(&mut store, ctx, *audit, text, *finding)?;
            out.print(&json!({"id": r.id}), || {
                format!("Rekommendation {} är tillagd.", r.id)
            });
        }
        Command::Recommendation(RecommendationCmd::List { audit }) => {
            let store = open_store(cli)?;
            let list = recommendations::list_recommendations(&store, *audit)?;
            let missing = recommendations::findings_without_recommendation(&store, *audit)?;
            out.print(&list, || {
                let mut text = output::recommendations_text(&list);
                if !missing.is_empty() {
                    text.push_str("\n\nBedömningar i Gul eller Röd utan rekommendation:");
                    for line in &missing {
                        text.push_str(&format!("\n  {line}"));
                    }
                }
                text
            });
        }
        Command::Recommendation(RecommendationCmd::Register {
            unit,
            status,
            overdue,
        }) => {
            let store = open_store(cli)?;
            let list = recommendations::register(
                &store,
                ctx.clock.now().date_naive(),
                unit.as_deref(),
                status.as_deref(),
                *overdue,
            )?;
            out.print(&list, || output::register_text(&list));
        }
        Command::Recommendation(RecommendationCmd::Respond {
            audit,
            id,
            response,
            owner,
            due,
        }) => {
            let mut store = open_store(cli)?;
            let r = recommendations::respond_to_recommendation(
                &mut store,
                ctx,
                *audit,
                *id,
                response,
                owner.as_deref(),
                due.as_deref(),
            )?;
            out.print(&r, || {
                format!("Nämndens svar på rekommendation {} är registrerat.", r.id)
            });
        }
        Command::Finding(FindingCmd::List { audit }) => {
            let store = open_store(cli)?;
            let list = findings::list_findings(&store, *audit)?;
            out.print(&list, || output::findings_text(&list));
        }
        Command::Finding(FindingCmd::Propose { audit }) => {
            let mut store = open_store(cli)?;
            let list = findings::propose_findings(&mut store, ctx, *audit)?;
            out.print(&list, || {
                format!(
                    "{} har föreslagits i kapitel 8 (Aktgranskning).\n{}",
                    count(list.len(), "bedömning", "bedömningar"),
                    output::findings_text(&list)
                )
                .trim_end()
                .to_string()
            });
        }
        Command::Report {
            audit,
            out: path,
            draft,
            format,
        } if format.eq_ignore_ascii_case("docx") => {
            let mut store = open_store(cli)?;
            let sha256 = report::make_report_docx(&mut store, ctx, *audit, *draft, path)?;
            out.print(
                &json!({"format": "docx", "sha256": sha256, "out": path}),
                || {
                    format!(
                        "Skrev rapporten som Word-dokument{} till {}.\nSHA-256: {sha256}",
                        if *draft { " (utkast)" } else { "" },
                        path.display()
                    )
                },
            );
        }
        Command::Report {
            audit,
            out: path,
            draft,
            format,
        } => {
            if !format.eq_ignore_ascii_case("pdf") {
                return Err(ServiceError::invalid_field(
                    "--format",
                    format!("Okänt format ”{format}”: ange pdf eller docx"),
                ));
            }
            let mut store = open_store(cli)?;
            let r = report::make_report(&mut store, ctx, *audit, *draft, Some(path))?;
            out.print(&r, || {
                format!(
                    "Skrev rapporten ({} sidor{}) till {}.\nSHA-256: {}",
                    r.pages,
                    if *draft { ", utkast" } else { "" },
                    path.display(),
                    r.sha256
                )
            });
        }
        Command::Finalize { audit, out: path } => {
            let mut store = open_store(cli)?;
            let f = finalize::finalize(&mut store, ctx, *audit, Some(path))?;
            out.print(&f, || output::finalized_text(&f, path));
        }
        Command::Reopen { audit, reason } => {
            let mut store = open_store(cli)?;
            finalize::reopen(&mut store, ctx, *audit, reason)?;
            out.print(&json!({"status": "granskning"}), || {
                "Granskningen är öppnad igen. Nästa slutförande blir en ny version av rapporten."
                    .to_string()
            });
        }
        _ => unreachable!("main hands this module only its own commands"),
    }
    Ok(())
}
