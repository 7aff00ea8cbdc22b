//! `aktgranskning`: the command-line tool.
//!
//! A thin shell over `aktgranskning-service`: parse the arguments, open the store, call
//! one service function, print the result. With `--json` every command prints exactly one
//! JSON value on stdout (errors included); without it, Swedish text for people. Exit
//! codes: 0 success, 2 invalid input or refused operation, 1 anything else.

mod args;
mod commands;
mod output;

use aktgranskning_service::{Context, ServiceError};
use args::{Cli, Command};
use clap::Parser;
use output::Output;
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

fn run(cli: &Cli, out: &Output) -> Result<(), ServiceError> {
    let ctx = Context::new(
        cli.user
            .clone()
            .unwrap_or_else(aktgranskning_service::context::os_user),
    );
    match &cli.command {
        Command::Audit(_)
        | Command::Gallra { .. }
        | Command::Log { .. }
        | Command::Template(_)
        | Command::Demo(_) => commands::audit::run(cli, &ctx, out, &cli.command),
        Command::Key(_) | Command::Backup(_) => commands::keys::run(cli, &ctx, out, &cli.command),
        Command::Import { .. } | Command::Sample(_) | Command::Progress { .. } => {
            commands::population::run(cli, &ctx, out, &cli.command)
        }
        Command::Answers(_)
        | Command::Answer(_)
        | Command::Results(_)
        | Command::Grade(_)
        | Command::Comments { .. } => commands::review::run(cli, &ctx, out, &cli.command),
        Command::Chapter(_)
        | Command::Finding(_)
        | Command::Recommendation(_)
        | Command::Report { .. }
        | Command::Finalize { .. }
        | Command::Reopen { .. }
        | Command::Feedback(_) => commands::report::run(cli, &ctx, out, &cli.command),
        Command::Followup(_) | Command::Trend { .. } | Command::Overview { .. } => {
            commands::followup::run(cli, &ctx, out, &cli.command)
        }
        Command::Double(_) | Command::Calibration(_) | Command::Agreement { .. } => {
            commands::double::run(cli, &ctx, out, &cli.command)
        }
        Command::Factcheck(_) => commands::factcheck::run(cli, &ctx, out, &cli.command),
        Command::Note(cmd) => commands::notes::run(cli, &ctx, out, cmd),
        Command::Work(cmd) => commands::work::run(cli, &ctx, out, cmd),
    }
}
