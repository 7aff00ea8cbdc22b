//! `double …`, `calibration …` and `agreement`: review by two controllers.

use super::open_store;
use crate::args::*;
use crate::output::{self, Output};
use aktgranskning_core::checklist::Answer;
use aktgranskning_service::{Context, ServiceError, calibration, double, sampling};

/// Runs one of this group's commands (`main` hands over only these).
pub(crate) fn run(
    cli: &Cli,
    ctx: &Context,
    out: &Output,
    command: &Command,
) -> Result<(), ServiceError> {
    match command {
        Command::Double(DoubleCmd::Draw {
            audit,
            percent,
            seed,
        }) => {
            let bp = sampling::percent_input(percent.as_deref())?;
            let mut store = open_store(cli)?;
            let v = double::draw_double(&mut store, ctx, *audit, bp, *seed)?;
            out.print(&v, || output::double_text(&v));
        }
        Command::Double(DoubleCmd::Assign {
            audit,
            reviewer,
            case,
        }) => {
            let mut store = open_store(cli)?;
            let v = double::assign_second(&mut store, ctx, *audit, reviewer, case.as_deref())?;
            out.print(&v, || output::double_text(&v));
        }
        Command::Double(DoubleCmd::Show { audit }) => {
            let store = open_store(cli)?;
            let v = double::double_view(&store, *audit)?;
            out.print(&v, || {
                v.as_ref().map_or_else(
                    || "Ingen andel för dubbelgranskning är dragen.".to_string(),
                    output::double_text,
                )
            });
        }
        Command::Double(DoubleCmd::List { audit }) => {
            let store = open_store(cli)?;
            let list = double::disagreements(&store, *audit)?;
            out.print(&list, || output::disagreements_text(&list));
        }
        Command::Double(DoubleCmd::Settle {
            audit,
            case,
            item,
            value,
            reason,
        }) => {
            let value = Answer::parse(value).ok_or_else(|| {
                ServiceError::invalid_field(
                    "--value",
                    "Ogiltigt svar: ange ja, delvis, nej eller ej-aktuellt",
                )
            })?;
            let mut store = open_store(cli)?;
            let d = double::settle(&mut store, ctx, *audit, case, item, value, reason)?;
            out.print(&d, || {
                format!("{item} i akt {case} är avgjord: {}.", value.label())
            });
        }
        Command::Calibration(CalibrationCmd::Draw {
            audit,
            files: n,
            seed,
        }) => {
            let mut store = open_store(cli)?;
            let v = calibration::draw_calibration(&mut store, ctx, *audit, *n, *seed)?;
            out.print(&v, || output::calibration_text(&v));
        }
        Command::Calibration(CalibrationCmd::Show { audit }) => {
            let store = open_store(cli)?;
            let v = calibration::calibration(&store, &ctx.user, *audit)?;
            out.print(&v, || output::calibration_text(&v));
        }
        Command::Agreement { audit } => {
            let store = open_store(cli)?;
            let a = double::agreement_view(&store, *audit)?;
            out.print(&a, || output::agreement_text(&a));
        }
        _ => unreachable!("main hands this module only its own commands"),
    }
    Ok(())
}
