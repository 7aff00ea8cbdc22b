//! `factcheck …`: the enhetschef's fact-check round.

use super::{db_path, open_store};
use crate::args::*;
use crate::output::{self, Output};
use aktgranskning_core::text::count;
use aktgranskning_service::{Context, ServiceError, events, factcheck, files};
use serde_json::json;

/// Runs one of this group's commands (`main` hands over only these).
pub(crate) fn run(
    cli: &Cli,
    ctx: &Context,
    out: &Output,
    command: &Command,
) -> Result<(), ServiceError> {
    match command {
        Command::Factcheck(FactcheckCmd::Export {
            audit,
            out: path,
            due,
        }) => {
            let mut store = open_store(cli)?;
            let e =
                factcheck::export_package_due(&mut store, ctx, *audit, Some(path), due.as_deref())?;
            out.print(&e, || {
                format!(
                    "Faktagranskningspaket omgång {} skrivet till {}. Granskningen har status Faktagranskning; svar senast {}.",
                    e.round,
                    path.display(),
                    e.due
                )
            });
        }
        Command::Factcheck(FactcheckCmd::Rounds { audit }) => {
            let store = open_store(cli)?;
            let rounds = factcheck::list_rounds(&store, ctx, *audit)?;
            out.print(&rounds, || output::rounds_text(&rounds));
        }
        Command::Factcheck(
            FactcheckCmd::Withdraw {
                audit,
                reason,
                recalled,
            }
            | FactcheckCmd::Close {
                audit,
                reason,
                withdraw: recalled,
            },
        ) => {
            let mut store = open_store(cli)?;
            let kind = if *recalled {
                factcheck::CloseKind::Withdrawn
            } else {
                factcheck::CloseKind::NoResponse
            };
            let round = factcheck::close_round(&mut store, ctx, *audit, kind, reason)?;
            out.print(
                &json!({"round": round, "kind": if *recalled { "withdrawn" } else { "no_response" }}),
                || {
                    format!(
                        "Omgång {round} är {}. Granskningen har status Granskning igen.",
                        if *recalled {
                            "återkallad"
                        } else {
                            "avslutad utan svar"
                        }
                    )
                },
            );
        }
        Command::Factcheck(FactcheckCmd::Form {
            audit,
            out: path,
            pdf,
            due,
        }) => {
            let pdf = pdf.clone().unwrap_or_else(|| {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "faktagranskning".to_string());
                path.with_file_name(format!("{stem}-utkast.pdf"))
            });
            let mut store = open_store(cli)?;
            let e = factcheck::export_form(&mut store, ctx, *audit, path, &pdf, due.as_deref())?;
            let value = json!({
                "round": e.round,
                "package_id": e.package_id,
                "sha256": e.sha256,
                "due": e.due,
                "out": path,
                "pdf": pdf,
            });
            out.print(&value, || {
                format!(
                    "Omgång {}: utkastet i {} och svarsformuläret i {}. Skicka båda till enhetschefen; svar senast {}.",
                    e.round,
                    pdf.display(),
                    path.display(),
                    e.due
                )
            });
        }
        Command::Factcheck(FactcheckCmd::ImportForm { audit, file }) => {
            let mut store = open_store(cli)?;
            let i = factcheck::import_form(&mut store, ctx, *audit, &files::read(file)?)?;
            out.print(&i, || {
                format!(
                    "Formuläret för omgång {} är inläst: {}, {}.",
                    i.round,
                    count(i.comments, "kommentar", "kommentarer"),
                    events::to_handle(i.open)
                )
            });
        }
        Command::Factcheck(FactcheckCmd::Record {
            audit,
            responder,
            source,
            finding,
            chapter,
            kind,
            text,
            comments,
        }) => {
            let list = match comments {
                Some(path) => comment_list(path)?,
                None => vec![one_comment(*finding, *chapter, kind, text)?],
            };
            let responder = responder.as_deref().unwrap_or("Enhetschefen");
            let mut store = open_store(cli)?;
            let i = factcheck::record_response(&mut store, ctx, *audit, responder, source, &list)?;
            out.print(&i, || {
                format!(
                    "Synpunkterna ({source}) är registrerade för omgång {}: {}, {}.",
                    i.round,
                    count(i.comments, "kommentar", "kommentarer"),
                    events::to_handle(i.open)
                )
            });
        }
        Command::Factcheck(FactcheckCmd::Respond {
            package,
            out: path,
            comments,
        }) => {
            let list = comment_list(comments)?;
            let bytes =
                factcheck::respond(&files::read(package)?, &list, &ctx.user, &ctx.now_text())?;
            files::write_output(path, &bytes, Some(&db_path(cli)))?;
            out.print(&json!({"comments": list.len()}), || {
                format!(
                    "Svaret med {} är skrivet till {}.",
                    count(list.len(), "kommentar", "kommentarer"),
                    path.display()
                )
            });
        }
        Command::Factcheck(FactcheckCmd::Import { audit, response }) => {
            let mut store = open_store(cli)?;
            let bytes = files::read(response)?;
            // A filled-in form is a spreadsheet or a Word document (a ZIP); the app's
            // response file is not.
            let i = if bytes.starts_with(b"PK") {
                factcheck::import_form(&mut store, ctx, *audit, &bytes)?
            } else {
                factcheck::import_response(&mut store, ctx, *audit, &bytes)?
            };
            out.print(&i, || {
                format!(
                    "Svaret från omgång {} är importerat: {}, {}.",
                    i.round,
                    count(i.comments, "kommentar", "kommentarer"),
                    events::to_handle(i.open)
                )
            });
        }
        Command::Factcheck(FactcheckCmd::List { audit }) => {
            let store = open_store(cli)?;
            let list = factcheck::list_comments(&store, *audit)?;
            out.print(&list, || output::comments_text(&list));
        }
        Command::Factcheck(FactcheckCmd::Resolve {
            audit,
            comment,
            accept,
            reject: _,
            reason,
            text,
        }) => {
            let mut store = open_store(cli)?;
            let c = factcheck::resolve(
                &mut store,
                ctx,
                *audit,
                *comment,
                *accept,
                reason.as_deref(),
                text.as_deref(),
            )?;
            out.print(&c, || {
                format!(
                    "Kommentar {} är {}.",
                    c.id,
                    if *accept { "godtagen" } else { "avvisad" }
                )
            });
        }
        _ => unreachable!("main hands this module only its own commands"),
    }
    Ok(())
}

/// The one comment given with `--finding`/`--chapter`, `--kind` and `--text`.
fn one_comment(
    finding: Option<i64>,
    chapter: Option<u32>,
    kind: &Option<String>,
    text: &Option<String>,
) -> Result<factcheck::CommentInput, ServiceError> {
    if finding.is_none() && chapter.is_none() {
        return Err(ServiceError::invalid_field(
            "--finding",
            "Ange vilken bedömning (--finding) eller vilket kapitel (--chapter) synpunkten gäller, eller en lista med --comments",
        ));
    }
    let kind = kind.clone().unwrap_or_else(|| "Kommentar".to_string());
    Ok(factcheck::CommentInput {
        finding,
        chapter,
        kind,
        text: text.clone().unwrap_or_default(),
    })
}

/// A comments file (`--comments`): a JSON list of finding (or chapter), kind and text.
fn comment_list(path: &std::path::Path) -> Result<Vec<factcheck::CommentInput>, ServiceError> {
    serde_json::from_slice(&files::read(path)?).map_err(|e| {
        ServiceError::invalid_field(
            "--comments",
            format!(
                "Kommentarsfilen är inte en JSON-lista med finding, kind och text (rad {}, kolumn {})",
                e.line(),
                e.column()
            ),
        )
    })
}
