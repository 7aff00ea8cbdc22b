//! `audit …`, `gallra`, `log`, `template …` and `demo …`: the audits themselves, their history and templates, and the synthetic data.

use super::{db_path, open_store};
use crate::args::*;
use crate::output::{self, Output};
use aktgranskning_core::text::count;
use aktgranskning_service::{
    Context, ServiceError, audits, demo, files, finalize, gallring, templates, verify,
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
        Command::Audit(AuditCmd::Readiness { audit }) => {
            let store = open_store(cli)?;
            let r = finalize::readiness(&store, *audit)?;
            out.print(&r, || output::readiness_text(&r));
        }
        Command::Audit(AuditCmd::Verify { audit }) => {
            let store = open_store(cli)?;
            let v = verify::verify_audit(&store, *audit)?;
            out.print(&v, || output::audit_verification_text(&v));
        }
        Command::Gallra { audit, reason } => {
            let mut store = open_store(cli)?;
            let removed = gallring::gallra(&mut store, ctx, *audit, reason)?;
            out.print(&json!({"removed": removed}), || {
                output::gallra_text(*audit, &removed)
            });
        }
        Command::Audit(AuditCmd::Edit {
            audit,
            unit,
            org,
            board,
            diarienr,
            date,
            team,
        }) => {
            let mut store = open_store(cli)?;
            let changed = audits::edit_audit(
                &mut store,
                ctx,
                *audit,
                &audits::AuditEdit {
                    unit: unit.clone(),
                    org: org.clone(),
                    board: board.clone(),
                    diarienr: diarienr.clone(),
                    reference_date: date.clone(),
                    controllers: team.names(),
                    period_from: team.period_from.clone(),
                    period_to: team.period_to.clone(),
                },
            )?;
            out.print(&json!({"changed": changed}), || {
                if changed.is_empty() {
                    "Inget att ändra.".to_string()
                } else {
                    format!("Planeringen är ändrad ({}).", changed.join(", "))
                }
            });
        }
        Command::Audit(AuditCmd::New(a)) => {
            let mut store = open_store(cli)?;
            let id = audits::create_audit(
                &mut store,
                ctx,
                &audits::NewAuditInput {
                    unit: a.unit.clone(),
                    org: a.org.clone(),
                    board: a.board.clone(),
                    diarienr: a.diarienr.clone(),
                    reference_date: a.date.clone(),
                    template: a.template.clone(),
                    template_version: a.template_version,
                    follows: a.follows,
                    controllers: a.team.names(),
                    period_from: a.team.period_from.clone(),
                    period_to: a.team.period_to.clone(),
                },
            )?;
            out.print(&json!({"id": id}), || {
                format!("Granskning {id} skapad ({}, {}).", a.unit, a.diarienr)
            });
        }
        Command::Audit(AuditCmd::Remove { audit }) => {
            let mut store = open_store(cli)?;
            audits::remove_audit(&mut store, ctx, *audit)?;
            out.print(&json!({"removed": audit}), || {
                format!("Granskning {audit} är borttagen.")
            });
        }
        Command::Audit(AuditCmd::Archive { audit, undo }) => {
            let mut store = open_store(cli)?;
            audits::archive_audit(&mut store, ctx, *audit, !undo)?;
            out.print(&json!({"archived": !undo}), || {
                if *undo {
                    format!("Granskning {audit} är tillbaka i listan.")
                } else {
                    format!("Granskning {audit} är arkiverad.")
                }
            });
        }
        Command::Audit(AuditCmd::List) => {
            let store = open_store(cli)?;
            let list = audits::list_audits(&store)?;
            out.print(&list, || output::audit_table(&list));
        }
        Command::Template(TemplateCmd::List) => {
            let store = open_store(cli)?;
            let list = templates::list_templates(&store)?;
            out.print(&list, || output::templates_text(&list));
        }
        Command::Template(TemplateCmd::Export {
            id,
            version,
            out: path,
        }) => {
            let store = open_store(cli)?;
            let text = templates::export_template(&store, id, *version)?;
            files::write_output(path, text.as_bytes(), store.path())?;
            out.print(&json!({"id": id, "out": path}), || {
                format!("Mallen {id} är exporterad till {}.", path.display())
            });
        }
        Command::Template(TemplateCmd::Import { file }) => {
            let mut store = open_store(cli)?;
            let bytes = files::read(file)?;
            let text = String::from_utf8(bytes)
                .map_err(|_| ServiceError::invalid("Mallfilen är inte UTF-8-kodad JSON."))?;
            let t = templates::import_template(&mut store, ctx, &text)?;
            out.print(&t, || {
                format!(
                    "Mallen {} version {} ({}) är importerad.",
                    t.id,
                    t.version,
                    count(t.items, "fråga", "frågor")
                )
            });
        }
        Command::Log { audit } => {
            let store = open_store(cli)?;
            let mut events = aktgranskning_service::audits::history(&store, *audit)?;
            aktgranskning_service::double::blind_history(
                store.conn(),
                *audit,
                &ctx.user,
                &mut events,
            )?;
            out.print(&events, || output::history_text(&events));
        }
        Command::Demo(DemoCmd::Audit) => {
            let mut store = open_store(cli)?;
            let id = demo::create_demo_audit(&mut store, ctx)?;
            out.print(&json!({"id": id}), || {
                format!("Demogranskning {id} skapad: 549 aktuella akter, 165 granskade.")
            });
        }
        Command::Demo(DemoCmd::Practice) => {
            let mut store = open_store(cli)?;
            let id = demo::create_practice_audit(&mut store, ctx)?;
            out.print(&json!({"id": id}), || {
                format!(
                    "Övningsgranskning {id} skapad: 121 aktuella akter, en tredjedel av urvalet granskat."
                )
            });
        }
        Command::Demo(DemoCmd::Population {
            count,
            out: path,
            seed,
            date,
            delimiter,
        }) => {
            let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| {
                ServiceError::invalid_field("--date", "Datum ska anges som ÅÅÅÅ-MM-DD")
            })?;
            let rows = demo::synthetic_population(*count, *seed, date);
            let delim = match delimiter.as_str() {
                "," => b',',
                "tab" | "\t" => b'\t',
                _ => b';',
            };
            files::write_output(
                path,
                demo::to_csv(&rows, delim).as_bytes(),
                Some(&db_path(cli)),
            )?;
            out.print(&json!({"rows": rows.len(), "out": path}), || {
                format!(
                    "Skrev {} syntetiska ärenden till {}.",
                    rows.len(),
                    path.display()
                )
            });
        }
        _ => unreachable!("main hands this module only its own commands"),
    }
    Ok(())
}
