//! `answers …`, `answer …`, `results`, `grade …` and `comments`: the review of the sampled files.

use super::{open_store, require_xlsx};
use crate::args::*;
use crate::output::{self, Output};
use aktgranskning_core::checklist::{Answer, Grade};
use aktgranskning_core::text::count;
use aktgranskning_service::{Context, ServiceError, calibration, double, files, notes, review};
use serde_json::json;

/// Runs one of this group's commands (`main` hands over only these).
pub(crate) fn run(
    cli: &Cli,
    ctx: &Context,
    out: &Output,
    command: &Command,
) -> Result<(), ServiceError> {
    match command {
        Command::Answers(AnswersCmd::Import {
            audit,
            file,
            second,
            calibration: calibrating,
        }) => {
            let mut store = open_store(cli)?;
            let bytes = files::read(file)?;
            let r = if *second {
                double::import_second_answers(&mut store, ctx, *audit, &bytes)?
            } else if *calibrating {
                calibration::import_calibration_answers(&mut store, ctx, *audit, &bytes)?
            } else {
                review::import_answers(&mut store, ctx, *audit, &bytes)?
            };
            out.print(&r, || {
                format!(
                    "Importerade {} svar ({} nya eller ändrade).",
                    r.imported, r.changed
                )
            });
        }
        Command::Answer(AnswerCmd::Set {
            audit,
            case,
            item,
            value,
            comment,
            second,
            calibration: calibrating,
        }) => {
            let value = Answer::parse(value).ok_or_else(|| {
                ServiceError::invalid_field(
                    "--value",
                    "Ogiltigt svar: ange ja, delvis, nej eller ej-aktuellt",
                )
            })?;
            let mut store = open_store(cli)?;
            let input = review::AnswerInput {
                case_id: case.clone(),
                item_id: item.clone(),
                value,
                comment: comment.clone(),
            };
            if *second {
                double::set_second_answer(&mut store, ctx, *audit, &input)?;
            } else if *calibrating {
                calibration::set_calibration_answer(&mut store, ctx, *audit, &input)?;
            } else {
                review::set_answer(&mut store, ctx, *audit, &input)?;
            }
            out.print(
                &json!({"case": case, "item": item, "value": value.as_str()}),
                || format!("Svaret ”{}” på {item} är sparat.", value.label()),
            );
        }
        Command::Results(ResultsArgs {
            cmd: Some(ResultsCmd::Export { audit, out: path }),
            ..
        }) => {
            require_xlsx(path)?;
            let mut store = open_store(cli)?;
            let e = review::export_results_xlsx(&mut store, ctx, *audit, path)?;
            out.print(
                &json!({"out": path, "rows": e.rows, "sheets": e.sheets}),
                || {
                    format!(
                        "Skrev resultaten ({}) till {}.",
                        count(e.rows, "punkt", "punkter"),
                        path.display()
                    )
                },
            );
        }
        Command::Results(ResultsArgs { audit, cmd: None }) => {
            let audit = audit
                .ok_or_else(|| ServiceError::invalid_field("--audit", "Ange granskningens id"))?;
            let store = open_store(cli)?;
            let r = review::results(&store, audit)?;
            out.print(&r, || output::results_text(&r));
        }
        Command::Answers(AnswersCmd::Export { audit, out: path }) => {
            require_xlsx(path)?;
            let mut store = open_store(cli)?;
            let e = review::export_answers_xlsx(&mut store, ctx, *audit, path)?;
            out.print(&json!({"out": path, "rows": e.rows, "sheets": e.sheets}), || {
                format!(
                    "Skrev {} till {}. Filen innehåller ärende-id: internt arbetsmaterial, inte för nämnden.",
                    count(e.rows, "svarsrad", "svarsrader"),
                    path.display()
                )
            });
        }
        Command::Grade(GradeCmd::Set {
            audit,
            item,
            grade,
            motivation,
        }) => {
            let grade = Grade::parse(grade).ok_or_else(|| {
                ServiceError::invalid_field("--grade", "Ogiltigt betyg: ange gron, gul eller rod")
            })?;
            let mut store = open_store(cli)?;
            let g = review::set_grade(&mut store, ctx, *audit, item, grade, motivation.as_deref())?;
            out.print(&g, || {
                format!("Betyget {} är satt på {item}.", g.grade.label())
            });
        }
        Command::Comments { audit, item } => {
            let store = open_store(cli)?;
            let mut list = notes::item_comments(&store, *audit)?;
            if let Some(item) = item {
                list.retain(|c| &c.item_id == item);
            }
            out.print(&list, || output::item_comments_text(&list));
        }
        Command::Answer(AnswerCmd::Clear {
            audit,
            case,
            item,
            second,
        }) => {
            let mut store = open_store(cli)?;
            if *second {
                double::clear_second_answer(&mut store, ctx, *audit, case, item)?;
            } else {
                review::clear_answer(&mut store, ctx, *audit, case, item)?;
            }
            out.print(&json!({"case": case, "item": item, "value": null}), || {
                format!("Svaret på {item} är borttaget: frågan är obesvarad.")
            });
        }
        _ => unreachable!("main hands this module only its own commands"),
    }
    Ok(())
}
