//! `aktgranskning`: the command-line tool.
//!
//! A thin shell over `aktgranskning-service`: parse the arguments, open the store, call
//! one service function, print the result. With `--json` every command prints exactly one
//! JSON value on stdout (errors included); without it, Swedish text for people. Exit
//! codes: 0 success, 2 invalid input or refused operation, 1 anything else.

mod args;
mod output;

use aktgranskning_core::checklist::{Answer, Grade};
use aktgranskning_core::text::count;
use aktgranskning_service::{
    Context, ServiceError, Store, audits, backup, calibration, chapters, demo, double, events,
    factcheck, feedback, files, finalize, findings, followup, gallring, keys, notes, overview,
    population, recommendations, report, review, sampling, templates, trend, verify, work,
};
use args::{
    AnswerCmd, AnswersCmd, AuditCmd, BackupCmd, CalibrationCmd, ChapterCmd, Cli, Command, DemoCmd,
    DoubleCmd, FactcheckCmd, FeedbackCmd, FindingCmd, FollowupCmd, GradeCmd, KeyCmd, NoteCmd,
    NoteFields, OverviewCmd, RecommendationCmd, ResultsArgs, ResultsCmd, SampleCmd, TemplateCmd,
    WorkCmd,
};
use clap::Parser;
use output::Output;
use serde_json::json;
use std::process::ExitCode;

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().collect();
    let cli = match Cli::try_parse_from(&raw) {
        Ok(cli) => cli,
        Err(e) => return args::report_usage_error(e, raw.iter().any(|a| a == "--json")),
    };
    let out = Output { json: cli.json };
    match run(&cli, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out.error(&e);
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn db_path(cli: &Cli) -> std::path::PathBuf {
    cli.db
        .clone()
        .unwrap_or_else(aktgranskning_store::default_db_path)
}

/// Opens the database with its key (the passphrase in the environment, else the
/// keyring's), and says on stderr what the user must know: a key made now (and how to
/// see its recovery code), a database encrypted now.
fn open_store(cli: &Cli) -> Result<Store, ServiceError> {
    let opened = keys::open_configured(&db_path(cli))?;
    if opened.new_key.is_some() {
        eprintln!(
            "En ny databasnyckel har skapats och sparats i nyckelringen. Ta fram \
             återställningskoden med `aktgranskning key recovery-code` och förvara den säkert: \
             utan den kan databasen och dess säkerhetskopior inte öppnas på en annan dator."
        );
    }
    if opened.encrypted_now {
        eprintln!("{}", keys::encrypted_now_message(opened.encrypted_backups));
    }
    Ok(opened.store)
}

fn parse_grade(g: &str) -> Result<Grade, ServiceError> {
    Grade::parse(g).ok_or_else(|| {
        ServiceError::invalid_field("--grade", "Ogiltigt betyg: ange gron, gul eller rod")
    })
}

/// A spreadsheet export is written as XLSX only; the file name says so.
fn require_xlsx(path: &std::path::Path) -> Result<(), ServiceError> {
    let xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx {
        Ok(())
    } else {
        Err(ServiceError::invalid_field(
            "--out",
            format!(
                "Filen {} är inget kalkylblad: ange ett filnamn som slutar på .xlsx",
                path.display()
            ),
        ))
    }
}

fn run(cli: &Cli, out: &Output) -> Result<(), ServiceError> {
    let ctx = Context::new(
        cli.user
            .clone()
            .unwrap_or_else(aktgranskning_service::context::os_user),
    );
    match &cli.command {
        Command::Audit(AuditCmd::Readiness { audit }) => {
            let store = open_store(cli)?;
            let r = finalize::readiness(&store, *audit)?;
            out.print(&r, || {
                let mut lines = Vec::new();
                if r.blocking.is_empty() {
                    lines.push("Granskningen kan slutföras.".to_string());
                } else {
                    lines.push("Granskningen kan inte slutföras ännu:".to_string());
                    lines.extend(r.blocking.iter().map(|b| format!("  {b}")));
                }
                if !r.warnings.is_empty() {
                    lines.push("Kontrollera först:".to_string());
                    lines.extend(r.warnings.iter().map(|w| format!("  {w}")));
                }
                lines.join("\n")
            });
        }
        Command::Audit(AuditCmd::Verify { audit }) => {
            let store = open_store(cli)?;
            let v = verify::verify_audit(&store, *audit)?;
            out.print(&v, || {
                if v.ok {
                    "Granskningen är oförändrad: historiken är hel och stämmer med svaren, nivåerna och statusen.".to_string()
                } else {
                    format!(
                        "VARNING: granskningen har ändrats utanför programmet.\n{}",
                        v.problems.join("\n")
                    )
                }
            });
        }
        Command::Gallra { audit, reason } => {
            let mut store = open_store(cli)?;
            let removed = gallring::gallra(&mut store, &ctx, *audit, reason)?;
            out.print(&json!({"removed": removed}), || {
                format!(
                    "Granskning {audit} är gallrad: {} rader ur populationen, {} kommentarer, {} \
                     motiveringar och {} texter från faktagranskningen borttagna; {} akt-id \
                     ersatta med aktnummer; {} händelser i historiken rensade.\n\
                     Säkerhetskopior gjorda före gallringen innehåller fortfarande uppgifterna: \
                     de automatiska tas bort efter sju dagar, övriga får du ta bort själv.",
                    removed.population_rows,
                    removed.comments,
                    removed.motivations,
                    removed.factcheck_texts,
                    removed.case_ids_replaced,
                    removed.history_events
                )
            });
        }
        Command::Key(KeyCmd::Status) => {
            let store = open_store(cli)?;
            let mode = if keys::env_passphrase().is_some() {
                keys::KeyMode::Passphrase
            } else {
                keys::KeyMode::Keyring
            };
            let path = store.path().map(|p| p.display().to_string());
            out.print(
                &json!({"encrypted": true, "mode": mode, "path": path}),
                || match mode {
                    keys::KeyMode::Passphrase => {
                        "Databasen är krypterad (AES-256) och öppnas med lösenfrasen i \
                         AKTGRANSKNING_PASSPHRASE."
                            .to_string()
                    }
                    keys::KeyMode::Keyring => {
                        "Databasen är krypterad (AES-256) med en nyckel i nyckelringen.".to_string()
                    }
                },
            );
        }
        Command::Key(KeyCmd::RecoveryCode) => {
            if keys::env_passphrase().is_some() {
                return Err(ServiceError::refused(
                    "Databasen öppnas med en lösenfras (AKTGRANSKNING_PASSPHRASE): lösenfrasen \
                     är själv vägen tillbaka, det finns ingen återställningskod.",
                ));
            }
            // Opening first: the code shown is the one of the key that opens this database.
            drop(open_store(cli)?);
            let code = zeroize::Zeroizing::new(keys::current_recovery_code(&keys::OsKeyring)?);
            out.print(&json!({"recovery_code": code.as_str()}), || {
                format!(
                    "Återställningskod (skriv ut eller skriv av den och förvara den inlåst; den \
                     öppnar databasen och alla dess säkerhetskopior):\n\n  {}",
                    code.as_str()
                )
            });
        }
        Command::Key(KeyCmd::Recover) => {
            let mut code = zeroize::Zeroizing::new(String::new());
            std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut code).map_err(
                |_| ServiceError::invalid("Återställningskoden kunde inte läsas från standard in."),
            )?;
            keys::recover(&db_path(cli), code.trim(), &keys::OsKeyring)?;
            out.print(&json!({"saved": true}), || {
                "Nyckeln är tillbaka i nyckelringen; databasen öppnas som vanligt igen.".to_string()
            });
        }
        Command::Backup(BackupCmd::Create { out: path }) => {
            let store = open_store(cli)?;
            let b = backup::create(&store, &ctx, path.as_deref())?;
            out.print(&b, || {
                format!(
                    "Säkerhetskopian är skriven till {}.\nSHA-256: {}",
                    b.path, b.sha256
                )
            });
        }
        Command::Backup(BackupCmd::List) => {
            let store = open_store(cli)?;
            let list = backup::list(&store)?;
            out.print(&list, || {
                if list.is_empty() {
                    return "Inga säkerhetskopior.".to_string();
                }
                list.iter()
                    .map(|b| {
                        format!(
                            "{}  {}  {} kB  {}",
                            b.modified,
                            b.name,
                            b.bytes.div_ceil(1024),
                            if b.automatic { "automatisk" } else { "manuell" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Backup(BackupCmd::Restore { file }) => {
            let mut store = open_store(cli)?;
            let kept = backup::restore(&mut store, &ctx, file)?;
            out.print(&json!({"restored": true, "previous": kept.path}), || {
                format!(
                    "Databasen är återställd från {}. Databasen som ersattes finns kvar i {}.",
                    file.display(),
                    kept.path
                )
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
                &ctx,
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
                &ctx,
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
            audits::remove_audit(&mut store, &ctx, *audit)?;
            out.print(&json!({"removed": audit}), || {
                format!("Granskning {audit} är borttagen.")
            });
        }
        Command::Audit(AuditCmd::Archive { audit, undo }) => {
            let mut store = open_store(cli)?;
            audits::archive_audit(&mut store, &ctx, *audit, !undo)?;
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
                &ctx,
                *audit,
                &name,
                &bytes,
                &chosen,
                *skip_summary,
            )?;
            out.print(&s, || {
                format!(
                    "Importerade {} ärenden från {} ({}).\nLSS {}, SoL {}; barn (under 18 år) {}; samordningsnummer {}; handläggare {}{}.",
                    s.imported,
                    name,
                    s.format,
                    s.lss,
                    s.sol,
                    s.children,
                    s.samordningsnummer,
                    s.case_officers,
                    if s.without_case_officer > 0 {
                        format!(" ({} ärenden utan handläggare)", s.without_case_officer)
                    } else {
                        String::new()
                    }
                ) + &s
                    .similar_officers
                    .iter()
                    .map(|g| {
                        format!(
                            "\nObs: samma handläggare? {} skiljer sig bara i stora och små bokstäver, mellanslag eller teckenkodning och blir olika grupper i urvalet. Slå ihop: aktgranskning sample merge-officers --audit {audit} --into \"{}\" --from \"{}\"",
                            g.iter().map(|n| format!("”{n}”")).collect::<Vec<_>>().join(", "),
                            g[0],
                            g[1..].join("\" --from \"")
                        )
                    })
                    .collect::<String>()
                    + &output::import_notes_text(&s)
            });
        }
        Command::Sample(SampleCmd::Draw(d)) => {
            let opts = sampling::DrawOptions::from_input(
                d.percent.as_deref(),
                d.seed.map(|s| s.to_string()).as_deref(),
                d.strata.as_deref(),
                d.reason.clone(),
            )?;
            let mut store = open_store(cli)?;
            let s = sampling::draw_sample(&mut store, &ctx, d.audit, &opts)?;
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
            let p = review::assign_sample(&mut store, &ctx, *audit, controllers)?;
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
                let r = review::export_sample_xlsx(&mut store, &ctx, *audit, path)?;
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
            let text = sampling::export_population(&mut store, &ctx, *audit, Some(path))?;
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
            let n = population::merge_officers(&mut store, &ctx, *audit, from, into)?;
            out.print(&json!({"cases": n, "into": into}), || {
                format!("{} står nu på {into}.", count(n, "akt", "akter"))
            });
        }
        Command::Answers(AnswersCmd::Import {
            audit,
            file,
            second,
            calibration: calibrating,
        }) => {
            let mut store = open_store(cli)?;
            let bytes = files::read(file)?;
            let r = if *second {
                double::import_second_answers(&mut store, &ctx, *audit, &bytes)?
            } else if *calibrating {
                calibration::import_calibration_answers(&mut store, &ctx, *audit, &bytes)?
            } else {
                review::import_answers(&mut store, &ctx, *audit, &bytes)?
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
                double::set_second_answer(&mut store, &ctx, *audit, &input)?;
            } else if *calibrating {
                calibration::set_calibration_answer(&mut store, &ctx, *audit, &input)?;
            } else {
                review::set_answer(&mut store, &ctx, *audit, &input)?;
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
            let e = review::export_results_xlsx(&mut store, &ctx, *audit, path)?;
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
            let e = review::export_answers_xlsx(&mut store, &ctx, *audit, path)?;
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
            let g =
                review::set_grade(&mut store, &ctx, *audit, item, grade, motivation.as_deref())?;
            out.print(&g, || {
                format!("Betyget {} är satt på {item}.", g.grade.label())
            });
        }
        Command::Chapter(ChapterCmd::Set {
            audit,
            chapter,
            text_file,
        }) => {
            let text = files::read_text(text_file)?;
            let mut store = open_store(cli)?;
            let c = chapters::set_chapter_text(&mut store, &ctx, *audit, *chapter, &text)?;
            out.print(&c, || {
                format!("Texten i kapitel {} ({}) är sparad.", c.chapter, c.title)
            });
        }
        Command::Chapter(ChapterCmd::List { audit }) => {
            let store = open_store(cli)?;
            let list = chapters::list_chapters(&store, *audit)?;
            out.print(&list, || {
                list.iter()
                    .map(|c| {
                        let words = c.text.split_whitespace().count();
                        format!(
                            "{}. {:<30} {}",
                            c.chapter,
                            c.title,
                            if words == 0 {
                                "(ingen text)".to_string()
                            } else {
                                format!("{words} ord")
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Finding(FindingCmd::Add {
            audit,
            chapter,
            grade,
            text,
        }) => {
            let grade = parse_grade(grade)?;
            let mut store = open_store(cli)?;
            let f = findings::add_finding(&mut store, &ctx, *audit, *chapter, grade, text)?;
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
                &ctx,
                *audit,
                *id,
                *chapter,
                grade,
                text.as_deref(),
            )?;
            out.print(&f, || format!("Bedömning {} ändrad.", f.id));
        }
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
                &ctx,
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
            let n = followup::export_form(&mut store, &ctx, *audit, path)?;
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
            let n = followup::import_form(&mut store, &ctx, *audit, &bytes)?;
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
                trend::set_summary(&mut store, &ctx, *audit, summary.as_deref())?;
            }
            let t = trend::trend(&store, *audit)?;
            out.print(&t, || output::trend_text(&t));
        }
        Command::Note(cmd) => notes_command(cli, &ctx, out, cmd)?,
        Command::Work(cmd) => work_command(cli, &ctx, out, cmd)?,
        Command::Feedback(FeedbackCmd::Checklist {
            audit,
            case,
            blank,
            out: path,
        }) => {
            let mut store = open_store(cli)?;
            let r = feedback::export_checklist(&mut store, &ctx, *audit, case, *blank, path)?;
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
            let r =
                feedback::export_deviations(&mut store, &ctx, *audit, officer.as_deref(), path)?;
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
        Command::Comments { audit, item } => {
            let store = open_store(cli)?;
            let mut list = notes::item_comments(&store, *audit)?;
            if let Some(item) = item {
                list.retain(|c| &c.item_id == item);
            }
            out.print(&list, || output::item_comments_text(&list));
        }
        Command::Recommendation(RecommendationCmd::Add {
            audit,
            text,
            finding,
        }) => {
            let mut store = open_store(cli)?;
            let r = recommendations::add_recommendation(&mut store, &ctx, *audit, text, *finding)?;
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
        Command::Answer(AnswerCmd::Clear {
            audit,
            case,
            item,
            second,
        }) => {
            let mut store = open_store(cli)?;
            if *second {
                double::clear_second_answer(&mut store, &ctx, *audit, case, item)?;
            } else {
                review::clear_answer(&mut store, &ctx, *audit, case, item)?;
            }
            out.print(&json!({"case": case, "item": item, "value": null}), || {
                format!("Svaret på {item} är borttaget: frågan är obesvarad.")
            });
        }
        Command::Double(DoubleCmd::Draw {
            audit,
            percent,
            seed,
        }) => {
            let bp = sampling::percent_input(percent.as_deref())?;
            let mut store = open_store(cli)?;
            let v = double::draw_double(&mut store, &ctx, *audit, bp, *seed)?;
            out.print(&v, || output::double_text(&v));
        }
        Command::Double(DoubleCmd::Assign {
            audit,
            reviewer,
            case,
        }) => {
            let mut store = open_store(cli)?;
            let v = double::assign_second(&mut store, &ctx, *audit, reviewer, case.as_deref())?;
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
            let d = double::settle(&mut store, &ctx, *audit, case, item, value, reason)?;
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
            let v = calibration::draw_calibration(&mut store, &ctx, *audit, *n, *seed)?;
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
            let e = overview::export(&store, &ctx, filter.org.as_deref(), filter.year, path)?;
            out.print(&e, || {
                format!(
                    "Skrev översikten med {} till {}.",
                    count(e.units, "enhet", "enheter"),
                    e.out
                )
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
                &ctx,
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
            let list = findings::propose_findings(&mut store, &ctx, *audit)?;
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
        Command::Template(TemplateCmd::List) => {
            let store = open_store(cli)?;
            let list = templates::list_templates(&store)?;
            out.print(&list, || {
                list.iter()
                    .map(|t| {
                        format!(
                            "{} version {}: {} ({})",
                            t.id,
                            t.version,
                            t.name,
                            count(t.items, "fråga", "frågor")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
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
            let t = templates::import_template(&mut store, &ctx, &text)?;
            out.print(&t, || {
                format!(
                    "Mallen {} version {} ({}) är importerad.",
                    t.id,
                    t.version,
                    count(t.items, "fråga", "frågor")
                )
            });
        }
        Command::Report {
            audit,
            out: path,
            draft,
            format,
        } if format.eq_ignore_ascii_case("docx") => {
            let mut store = open_store(cli)?;
            let sha256 = report::make_report_docx(&mut store, &ctx, *audit, *draft, path)?;
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
            let r = report::make_report(&mut store, &ctx, *audit, *draft, Some(path))?;
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
            let f = finalize::finalize(&mut store, &ctx, *audit, Some(path))?;
            out.print(&f, || {
                let mut text = format!(
                    "Granskningen är slutförd. Slutlig rapport version {} ({} sidor) skriven till {}.\nSHA-256: {}",
                    f.version,
                    f.pages,
                    path.display(),
                    f.sha256
                );
                if !f.findings_without_recommendation.is_empty() {
                    text.push_str("\nObs: bedömningar i Gul eller Röd utan rekommendation:");
                    for line in &f.findings_without_recommendation {
                        text.push_str(&format!("\n  {line}"));
                    }
                }
                text
            });
        }
        Command::Reopen { audit, reason } => {
            let mut store = open_store(cli)?;
            finalize::reopen(&mut store, &ctx, *audit, reason)?;
            out.print(&json!({"status": "granskning"}), || {
                "Granskningen är öppnad igen. Nästa slutförande blir en ny version av rapporten."
                    .to_string()
            });
        }
        Command::Factcheck(FactcheckCmd::Export {
            audit,
            out: path,
            due,
        }) => {
            let mut store = open_store(cli)?;
            let e = factcheck::export_package_due(
                &mut store,
                &ctx,
                *audit,
                Some(path),
                due.as_deref(),
            )?;
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
            let rounds = factcheck::list_rounds(&store, &ctx, *audit)?;
            out.print(&rounds, || {
                rounds
                    .iter()
                    .map(|r| {
                        let state = match (&r.answered_at, &r.closed_kind) {
                            (Some(a), _) => format!("besvarad {}", &a[..10.min(a.len())]),
                            (None, Some(k)) if k == "withdrawn" => "återkallad".to_string(),
                            (None, Some(_)) => "avslutad utan svar".to_string(),
                            (None, None) if r.overdue => "väntar, försenad".to_string(),
                            (None, None) => "väntar på svar".to_string(),
                        };
                        format!(
                            "Omgång {}: skickad {} av {}, svar senast {}: {state}",
                            r.round,
                            &r.created_at[..10.min(r.created_at.len())],
                            r.created_by,
                            r.due.as_deref().unwrap_or("–")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
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
            let round = factcheck::close_round(&mut store, &ctx, *audit, kind, reason)?;
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
            let e = factcheck::export_form(&mut store, &ctx, *audit, path, &pdf, due.as_deref())?;
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
            let i = factcheck::import_form(&mut store, &ctx, *audit, &files::read(file)?)?;
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
            let i = factcheck::record_response(&mut store, &ctx, *audit, responder, source, &list)?;
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
                factcheck::import_form(&mut store, &ctx, *audit, &bytes)?
            } else {
                factcheck::import_response(&mut store, &ctx, *audit, &bytes)?
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
            out.print(&list, || {
                list.iter()
                    .map(|c| {
                        format!(
                            "{:>4}  {:<9} {:<10} bedömning {}: {}",
                            c.id,
                            c.status,
                            c.kind,
                            c.finding.map_or("–".to_string(), |f| f.to_string()),
                            c.text
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
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
                &ctx,
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
            let id = demo::create_demo_audit(&mut store, &ctx)?;
            out.print(&json!({"id": id}), || {
                format!("Demogranskning {id} skapad: 549 aktuella akter, 165 granskade.")
            });
        }
        Command::Demo(DemoCmd::Practice) => {
            let mut store = open_store(cli)?;
            let id = demo::create_practice_audit(&mut store, &ctx)?;
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
    }
    Ok(())
}

fn note_input(f: &NoteFields) -> notes::WorkingNoteInput {
    notes::WorkingNoteInput {
        kind: f.kind.clone(),
        chapter: f.chapter,
        date: f.date.clone(),
        text: f.text.clone(),
    }
}

/// `note …`: the notes per file and the working notes.
fn notes_command(
    cli: &Cli,
    ctx: &Context,
    out: &Output,
    cmd: &NoteCmd,
) -> Result<(), ServiceError> {
    let mut store = open_store(cli)?;
    match cmd {
        NoteCmd::File { audit, case, text } => {
            let n = notes::set_file_note(&mut store, ctx, *audit, case, text)?;
            out.print(
                &json!({"case": case, "text": n.as_ref().map(|n| &n.text)}),
                || match &n {
                    Some(_) => format!("Anteckningen om akt {case} är sparad."),
                    None => format!("Akt {case} har ingen anteckning."),
                },
            );
        }
        NoteCmd::Add { audit, fields } => {
            let n = notes::add_working_note(&mut store, ctx, *audit, &note_input(fields))?;
            out.print(&json!({"id": n.id}), || {
                format!("Anteckning {} är tillagd.", n.id)
            });
        }
        NoteCmd::Edit {
            audit,
            id,
            kind,
            chapter,
            date,
            text,
        } => {
            let Some(old) = notes::list(&store, *audit)?
                .working
                .into_iter()
                .find(|n| n.id == *id)
            else {
                return Err(ServiceError::not_found(format!(
                    "Det finns ingen anteckning {id} i granskningen."
                )));
            };
            let input = notes::WorkingNoteInput {
                kind: kind.clone().unwrap_or(old.kind),
                chapter: match chapter {
                    Some(0) => None,
                    Some(c) => Some(*c),
                    None => old.chapter,
                },
                date: date.clone().or(old.date),
                text: text.clone().unwrap_or(old.text),
            };
            let n = notes::edit_working_note(&mut store, ctx, *audit, *id, &input)?;
            out.print(&n, || format!("Anteckning {} är ändrad.", n.id));
        }
        NoteCmd::Remove { audit, id } => {
            notes::remove_working_note(&mut store, ctx, *audit, *id)?;
            out.print(&json!({"removed": id}), || {
                format!("Anteckning {id} är borttagen.")
            });
        }
        NoteCmd::List { audit } => {
            let n = notes::list(&store, *audit)?;
            out.print(&n, || output::notes_text(&n));
        }
    }
    Ok(())
}

fn work_command(cli: &Cli, ctx: &Context, out: &Output, cmd: &WorkCmd) -> Result<(), ServiceError> {
    let conflicts_text = |c: &[work::ConflictView]| {
        c.iter()
            .map(|c| {
                format!(
                    "  akt {}, {}: vår {} – deras {}{}",
                    c.case,
                    c.item,
                    c.ours.as_deref().unwrap_or("obesvarad"),
                    c.theirs.as_deref().unwrap_or("obesvarad"),
                    if c.settled { " (löst)" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    // The conflicts a merge left, for `work settle`; nothing when there are none.
    let to_settle = |c: &[work::ConflictView]| {
        if c.is_empty() {
            String::new()
        } else {
            format!(
                "\n{} att lösa (work settle):\n{}",
                count(c.len(), "konflikt", "konflikter"),
                conflicts_text(c)
            )
        }
    };
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
                    to_settle(&m.conflicts)
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
                    to_settle(&m.conflicts)
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
            out.print(&s, || {
                let mut t = match s.role.as_deref() {
                    Some("lead") => "Huvudgranskning: arbete har delats ut.".to_string(),
                    Some(_) => format!(
                        "Kopia från ett arbetspaket ({}); {} skrivna.",
                        s.controller.as_deref().unwrap_or("–"),
                        count(s.returned as usize, "svarspaket", "svarspaket")
                    ),
                    None => "Inget arbete har delats ut.".to_string(),
                };
                for p in &s.packages {
                    t.push_str(&format!(
                        "\n  {} {} {} ({}) {}",
                        &p.at[..10.min(p.at.len())],
                        if p.kind == "export" {
                            "arbetspaket till"
                        } else {
                            "svarspaket från"
                        },
                        p.controller,
                        count(p.files as usize, "akt", "akter"),
                        p.package_id
                    ));
                }
                if !s.conflicts.is_empty() {
                    t.push_str(&format!("\nKonflikter:\n{}", conflicts_text(&s.conflicts)));
                }
                t
            });
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
