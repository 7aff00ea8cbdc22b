//! `work …`: work packages between two computers.

use super::open_store;
use crate::args::*;
use crate::output::{self, Output};
use aktgranskning_core::text::count;
use aktgranskning_service::{Context, ServiceError, files, work};

pub(crate) fn run(
    cli: &Cli,
    ctx: &Context,
    out: &Output,
    cmd: &WorkCmd,
) -> Result<(), ServiceError> {
    match cmd {
        WorkCmd::Export {
            audit,
            controller,
            out: path,
        } => {
            let pass = package_passphrase()?;
            let mut store = open_store(cli)?;
            let e = work::export(&mut store, ctx, *audit, controller, &pass, path)?;
            out.print(&e, || {
                format!(
                    "Arbetspaketet till {controller} ({}) är skrivet till {}. Lämna lösenfrasen på annat sätt än filen.",
                    count(e.files, "akt", "akter"),
                    path.display()
                )
            });
        }
        WorkCmd::Open { file } => {
            let pass = package_passphrase()?;
            let bytes = files::read(file)?;
            let mut store = open_store(cli)?;
            let m = work::open(&mut store, ctx, &bytes, &pass)?;
            out.print(&m, || {
                format!(
                    "Arbetspaketet är öppnat som granskning {} ({}, {} hämtade).{}",
                    m.audit,
                    count(m.files, "akt", "akter"),
                    count(m.merged, "svar", "svar"),
                    output::to_settle(&m.conflicts)
                )
            });
        }
        WorkCmd::Return { audit, out: path } => {
            let pass = package_passphrase()?;
            let mut store = open_store(cli)?;
            let r = work::return_package(&mut store, ctx, *audit, &pass, path)?;
            out.print(&r, || {
                format!(
                    "Svarspaketet ({} och {}) är skrivet till {}.",
                    count(r.answers, "svar", "svar"),
                    count(r.notes, "anteckning", "anteckningar"),
                    path.display()
                )
            });
        }
        WorkCmd::Import { audit, file } => {
            let pass = package_passphrase()?;
            let bytes = files::read(file)?;
            let mut store = open_store(cli)?;
            let m = work::import(&mut store, ctx, *audit, &bytes, &pass)?;
            out.print(&m, || {
                format!(
                    "Svarspaketet är inläst: {} tagna från kollegan.{}",
                    count(m.merged, "svar", "svar"),
                    output::to_settle(&m.conflicts)
                )
            });
        }
        WorkCmd::Settle {
            audit,
            case,
            item,
            value,
            comment,
        } => {
            let mut store = open_store(cli)?;
            let c = work::settle(
                &mut store,
                ctx,
                *audit,
                case,
                item,
                value,
                comment.as_deref(),
            )?;
            out.print(&c, || {
                format!(
                    "Konflikten på {} i akt {} är löst: {}.",
                    c.item,
                    c.case,
                    c.settled_value.as_deref().unwrap_or("obesvarad")
                )
            });
        }
        WorkCmd::Status { audit } => {
            let store = open_store(cli)?;
            let s = work::status(&store, *audit)?;
            out.print(&s, || output::work_status_text(&s));
        }
    }
    Ok(())
}

/// A work package's passphrase: from `AKTGRANSKNING_PACKAGE_PASSPHRASE`, or asked for on
/// the terminal.
fn package_passphrase() -> Result<String, ServiceError> {
    use std::io::IsTerminal;
    if let Ok(p) = std::env::var("AKTGRANSKNING_PACKAGE_PASSPHRASE") {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        eprint!("Paketets lösenfras: ");
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| ServiceError::internal(e.to_string()))?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    Err(ServiceError::invalid_field(
        "Lösenfras",
        "Ange paketets lösenfras i miljövariabeln AKTGRANSKNING_PACKAGE_PASSPHRASE",
    ))
}
