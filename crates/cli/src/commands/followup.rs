//! `followup …`, `trend` and `overview`: the audit cycle and the förvaltning's overview.

use super::{open_store, require_xlsx};
use crate::args::*;
use crate::output::{self, Output};
use aktgranskning_core::text::count;
use aktgranskning_service::{Context, ServiceError, files, followup, overview, trend};
use serde_json::json;

/// Runs one of this group's commands (`main` hands over only these).
pub(crate) fn run(
    cli: &Cli,
    ctx: &Context,
    out: &Output,
    command: &Command,
) -> Result<(), ServiceError> {
    match command {
        Command::Followup(FollowupCmd::List { audit }) => {
            let store = open_store(cli)?;
            let list = followup::list_followup(&store, *audit)?;
            out.print(&list, || output::followup_text(&list));
        }
        Command::Followup(FollowupCmd::Set {
            audit,
            recommendation,
            status,
            text,
            assessment,
        }) => {
            let mut store = open_store(cli)?;
            let f = followup::set_followup(
                &mut store,
                ctx,
                *audit,
                *recommendation,
                status,
                text,
                assessment.as_deref(),
            )?;
            out.print(&f, || {
                format!(
                    "Svaret på rekommendation {} är registrerat ({}).",
                    f.recommendation,
                    followup::status_label(f.status.as_deref().unwrap_or(""))
                )
            });
        }
        Command::Followup(FollowupCmd::Form { audit, out: path }) => {
            require_xlsx(path)?;
            let mut store = open_store(cli)?;
            let n = followup::export_form(&mut store, ctx, *audit, path)?;
            out.print(&json!({"recommendations": n, "out": path}), || {
                format!(
                    "Skrev formuläret ({}) till {}. Enheten fyller i Status och Svar och skickar tillbaka filen.",
                    count(n, "rekommendation", "rekommendationer"),
                    path.display()
                )
            });
        }
        Command::Followup(FollowupCmd::Import { audit, file }) => {
            let mut store = open_store(cli)?;
            let bytes = files::read(file)?;
            let n = followup::import_form(&mut store, ctx, *audit, &bytes)?;
            out.print(&json!({"answers": n}), || {
                format!("Läste in {} från formuläret.", count(n, "svar", "svar"))
            });
        }
        Command::Trend {
            audit,
            summary,
            reset_summary,
        } => {
            let mut store = open_store(cli)?;
            if summary.is_some() || *reset_summary {
                trend::set_summary(&mut store, ctx, *audit, summary.as_deref())?;
            }
            let t = trend::trend(&store, *audit)?;
            out.print(&t, || output::trend_text(&t));
        }
        Command::Overview {
            export: None,
            filter,
        } => {
            let store = open_store(cli)?;
            let o = overview::overview(
                &store,
                ctx.clock.now().date_naive(),
                filter.org.as_deref(),
                filter.year,
            )?;
            out.print(&o, || output::overview_text(&o));
        }
        Command::Overview {
            export: Some(OverviewCmd::Export { out: path, filter }),
            ..
        } => {
            let store = open_store(cli)?;
            let e = overview::export(&store, ctx, filter.org.as_deref(), filter.year, path)?;
            out.print(&e, || {
                format!(
                    "Skrev översikten med {} till {}.",
                    count(e.units, "enhet", "enheter"),
                    e.out
                )
            });
        }
        _ => unreachable!("main hands this module only its own commands"),
    }
    Ok(())
}
