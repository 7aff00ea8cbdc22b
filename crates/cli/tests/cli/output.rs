//! Printing conventions that hold for every command.

use crate::util::*;
use std::io::Read;
use std::process::Stdio;

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    // `aktgranskning log --audit 1 | head`: the history of the demo audit is far longer
    // than a pipe holds, and the reader stops after the first bytes.
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let mut child = cli()
        .arg("--db")
        .arg(env.db())
        .args(["log", "--audit", &id])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
