//! `import`, `sample …` and `progress`: the population, the draw and its split.

use super::{open_store, require_xlsx};
use crate::args::*;
use crate::output::{self, Output};
use aktgranskning_core::text::count;
use aktgranskning_service::{Context, ServiceError, files, population, review, sampling};
use serde_json::json;

/// Runs one of this group's commands (`main` hands over only these).
pub(crate) fn run(
    cli: &Cli,
    ctx: &Context,
    out: &Output,
    command: &Command,
) -> Result<(), ServiceError> {
    match command {
        Command::Import {
            audit,
            file,
            skip_summary,
            columns,
        } => {
            let chosen = columns
                .iter()
                .map(|c| {
                    c.split_once('=')
                        .and_then(|(f, n)| {
                            let n: usize = n.trim().parse().ok().filter(|n| *n >= 1)?;
                            Some(population::ColumnChoice {
                                field: f.trim().to_string(),
                                column: n - 1,
                            })
                        })
                        .ok_or_else(|| {
                            ServiceError::invalid_field(
                                "--column",
                                format!(
                                    "”{c}”: skriv fältet och kolumnens nummer, t.ex. case_id=3"
                                ),
                            )
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let mut store = open_store(cli)?;
            let bytes = files::read(file)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let s = population::import_population_with(
                &mut store,
                ctx,
                *audit,
                &name,
                &bytes,
                &chosen,
                *skip_summary,
            )?;
            out.print(&s, || output::import_text(*audit, &name, &s));
        }
        Command::Sample(SampleCmd::Draw(d)) => {
            let opts = sampling::DrawOptions::from_input(
                d.percent.as_deref(),
                d.seed.map(|s| s.to_string()).as_deref(),
                d.strata.as_deref(),
                d.reason.clone(),
            )?;
            let mut store = open_store(cli)?;
            let s = sampling::draw_sample(&mut store, ctx, d.audit, &opts)?;
            out.print(&s, || output::sample_text(&s));
        }
        Command::Sample(SampleCmd::Show { audit }) => {
            let store = open_store(cli)?;
            let s = sampling::current_sample(&store, *audit)?.ok_or_else(|| {
                ServiceError::refused("Inget urval har dragits för granskningen ännu.")
            })?;
            out.print(&s, || output::sample_text(&s));
        }
        Command::Sample(SampleCmd::Assign { audit, controllers }) => {
            let mut store = open_store(cli)?;
            let p = review::assign_sample(&mut store, ctx, *audit, controllers)?;
            out.print(&p, || output::progress_text(&p));
        }
        Command::Progress { audit } => {
            let store = open_store(cli)?;
            let p = review::progress(&store, *audit)?;
            out.print(&p, || output::progress_text(&p));
        }
        Command::Sample(SampleCmd::List { audit, out: path }) => match path {
            Some(path) => {
                require_xlsx(path)?;
                let mut store = open_store(cli)?;
                let r = review::export_sample_xlsx(&mut store, ctx, *audit, path)?;
                out.print(&json!({"files": r.rows, "out": path}), || {
                    format!(
                        "Skrev urvalets {} till {} (internt arbetsmaterial).",
                        count(r.rows, "akt", "akter"),
                        path.display()
                    )
                });
            }
            None => {
                let store = open_store(cli)?;
                let list = review::sample_list(&store, *audit)?;
                out.print(&list, || output::sample_list_text(&list));
            }
        },
        Command::Sample(SampleCmd::Size { audit, percent }) => {
            let store = open_store(cli)?;
            let p = sampling::planned_size(&store, *audit, percent)?;
            out.print(&p, || p.text.clone());
        }
        Command::Sample(SampleCmd::Verify { audit }) => {
            let store = open_store(cli)?;
            let v = sampling::verify_sample(&store, *audit)?;
            out.print(&v, || output::verification_text(&v));
        }
        Command::Sample(SampleCmd::Population { audit, out: path }) => {
            let mut store = open_store(cli)?;
            let text = sampling::export_population(&mut store, ctx, *audit, Some(path))?;
            let lines = text.lines().count();
            out.print(&json!({"cases": lines, "out": path}), || {
                format!(
                    "Skrev den kanoniska populationen ({lines} ärenden) till {}.",
                    path.display()
                )
            });
        }
        Command::Sample(SampleCmd::MergeOfficers { audit, into, from }) => {
            let mut store = open_store(cli)?;
            let n = population::merge_officers(&mut store, ctx, *audit, from, into)?;
            out.print(&json!({"cases": n, "into": into}), || {
                format!("{} står nu på {into}.", count(n, "akt", "akter"))
            });
        }
        _ => unreachable!("main hands this module only its own commands"),
    }
    Ok(())
}
