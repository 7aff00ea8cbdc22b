//! End-to-end tests of the `aktgranskning` binary on generated files: every encoding and
//! delimiter, XLSX, bad input (all or nothing), the sampling contract and its
//! verification, including against the independent Python implementation.

use crate::util::{self, Env, cli, csv_text, open_db, population, xlsx_bytes};
use serde_json::Value;

fn ids(v: &Value) -> Vec<String> {
    v["case_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn audit_new_and_list() {
    let env = Env::new();
    assert_eq!(env.ok(&["audit", "list"]), serde_json::json!([]));
    let id = env.new_audit();
    let list = env.ok(&["audit", "list"]);
    let a = &list[0];
    assert_eq!(a["id"].to_string(), id);
    assert_eq!(a["unit"], "Myndighet LSS");
    assert_eq!(a["diarienr"], "2023/SN 0123");
    assert_eq!(a["status"], "planering");
    assert_eq!(a["status_label"], "Planering");
    // Without --json: Swedish text.
    let r = env.run(&["audit", "list"]);
    assert!(
        r.stdout.contains("Myndighet LSS") && r.stdout.contains("Planering"),
        "{}",
        r.stdout
    );
}

#[test]
fn audit_new_rejects_bad_date_in_swedish() {
    let env = Env::new();
    let e = env.fails(2, &util::audit_new_args("U", "1/9 2023", &[]));
    assert_eq!(e["code"], "invalid_input");
    assert!(e["message"].as_str().unwrap().contains("ÅÅÅÅ-MM-DD"));
    let e = env.fails(2, &util::audit_new_args(" ", "2023-09-01", &[]));
    assert!(e["message"].as_str().unwrap().contains("Enhet måste anges"));
}

/// The same population in every accepted encoding and delimiter imports to the same
/// cases: the same seed then draws the same sample from each.
#[test]
fn import_every_encoding_and_delimiter() {
    let env = Env::new();
    let rows = population(200, 11);
    let mut reference: Option<(Value, Vec<String>)> = None;
    for (dname, delim) in [("semikolon", b';'), ("komma", b','), ("tabb", b'\t')] {
        let text = csv_text(&rows, delim);
        let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
        utf8_bom.extend_from_slice(text.as_bytes());
        let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
        assert!(!unmappable);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let crlf = text.replace('\n', "\r\n");
        for (ename, bytes) in [
            ("UTF-8", text.as_bytes().to_vec()),
            ("UTF-8 med BOM", utf8_bom),
            ("Windows-1252", cp1252.into_owned()),
            ("UTF-16LE", utf16),
            ("UTF-8", crlf.into_bytes()),
        ] {
            let id = env.new_audit();
            let f = env.write(
                &format!("pop-{dname}-{}.csv", ename.replace(' ', "_")),
                &bytes,
            );
            let imp = env.ok(&["import", "--audit", &id, f.to_str().unwrap()]);
            assert_eq!(imp["imported"], 200, "{ename} {dname}");
            assert_eq!(imp["format"], format!("CSV ({ename}, {dname})"));
            let s = env.ok(&["sample", "draw", "--audit", &id, "--seed", "99"]);
            let got = (s["population_sha256"].clone(), ids(&s));
            match &reference {
                None => reference = Some(got),
                Some(r) => assert_eq!(&got, r, "{ename} {dname} parsed differently"),
            }
        }
    }
}

#[test]
fn import_xlsx_with_text_and_numeric_personnummer() {
    let env = Env::new();
    let rows = population(120, 5);
    let csv_id = env.new_audit();
    let f = env.write("pop.csv", csv_text(&rows, b';').as_bytes());
    env.ok(&["import", "--audit", &csv_id, f.to_str().unwrap()]);
    let want = env.ok(&["sample", "draw", "--audit", &csv_id, "--seed", "3"]);
    for numeric in [false, true] {
        let id = env.new_audit();
        let path = env.path(&format!("pop-{numeric}.xlsx"));
        xlsx_bytes(&rows, numeric, &path);
        let imp = env.ok(&["import", "--audit", &id, path.to_str().unwrap()]);
        assert_eq!(imp["imported"], 120);
        assert_eq!(imp["format"], "Kalkylblad (bladet ”Aktuella ärenden”)");
        let got = env.ok(&["sample", "draw", "--audit", &id, "--seed", "3"]);
        assert_eq!(got["population_sha256"], want["population_sha256"]);
        assert_eq!(ids(&got), ids(&want));
        assert_eq!(
            imp["children"],
            env.ok(&["import", "--audit", &env.new_audit(), f.to_str().unwrap()])["children"]
        );
    }
}

#[test]
fn xlsx_errors_name_the_sheet_row_and_column() {
    let env = Env::new();
    let mut rows = population(5, 5);
    rows[2].lagrum = "HSL".to_string();
    let path = env.path("bad.xlsx");
    xlsx_bytes(&rows, false, &path);
    let id = env.new_audit();
    let e = env.fails(2, &["import", "--audit", &id, path.to_str().unwrap()]);
    assert_eq!(e["errors"][0]["line"], 4);
    assert_eq!(e["errors"][0]["column"], "Lagrum");
    assert_eq!(env.population_of(&id), 0);
}

#[test]
fn aliases_forms_and_normalisation() {
    let env = Env::new();
    // Aliases, 10-digit and samordningsnummer forms, YYYYMMDD, lowercase law, extra
    // columns, blank lines, a child (born 2010) and a person over 100 (`+`).
    let text = "\
Aktnummer,PNR,Lag,Extra,BESLUTSDATUM,Beslutstyp,Handläggare
A-1,19640823-3234,LSS 9 § 2,x,20230115,bifall,Anna  Berg

A-2,197010632391,sol,y,2023-02-01,Avslag,
A-3,100101-0003,SoL 4:1,z,,,Anna Berg
A-4,191201+0009,lss,,,,
";
    let text = fix_check_digits(text);
    let f = env.write("alias.csv", text.as_bytes());
    let id = env.new_audit();
    let imp = env.ok(&["import", "--audit", &id, f.to_str().unwrap()]);
    assert_eq!(imp["imported"], 4, "{imp}");
    assert_eq!(imp["lss"], 2);
    assert_eq!(imp["sol"], 2);
    assert_eq!(imp["children"], 1);
    assert_eq!(imp["samordningsnummer"], 1);
    // "Anna  Berg" and "Anna Berg" are the same officer after whitespace normalisation.
    assert_eq!(imp["case_officers"], 1);
    assert_eq!(imp["without_case_officer"], 2);
    assert_eq!(imp["format"], "CSV (UTF-8, komma)");
}

/// Replaces the last digit of every `NNNNNN[-+]NNNC`-like number with its Luhn digit, so
/// that the hand-written test rows stay readable.
fn fix_check_digits(text: &str) -> String {
    use aktgranskning_core::personnummer::luhn_check_digit;
    text.lines()
        .map(|line| {
            let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
            if let Some(p) = cells
                .get_mut(1)
                .filter(|p| p.len() >= 10 && p.as_bytes()[0].is_ascii_digit())
            {
                let digits: Vec<u8> = p
                    .bytes()
                    .filter(u8::is_ascii_digit)
                    .map(|b| b - b'0')
                    .collect();
                let ten = &digits[digits.len() - 10..];
                let c = luhn_check_digit(&ten[..9]);
                p.pop();
                p.push(char::from(b'0' + c));
            }
            cells.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn bad_input_reports_every_error_and_stores_nothing() {
    let env = Env::new();
    let good = population(6, 2);
    let pn = |i: usize| good[i].personnummer.clone();
    let text = format!(
        "Ärende-id;Personnummer;Lagrum;Beslutsdatum;Beslutstyp\n\
         K1;{p0};LSS;2023-01-01;Bifall\n\
         K2;;LSS;;\n\
         K3;19640823-3235;LSS;;\n\
         K4;{p1};HSL 2 §;;\n\
         K1;{p2};SoL;;\n\
         K6;{p3};SoL;2023-13-01;\n\
         K7;{p4};SoL;;Beviljat\n\
         \n\
         ;{p5};LSS;;\n",
        p0 = pn(0),
        p1 = pn(1),
        p2 = pn(2),
        p3 = pn(3),
        p4 = pn(4),
        p5 = pn(5),
    );
    let f = env.write("bad.csv", text.as_bytes());
    let id = env.new_audit();
    let r = env.run(&["--json", "import", "--audit", &id, f.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    let e = r.json();
    let got: Vec<(u64, String)> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["line"].as_u64().unwrap(),
                x["column"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(u64, String)> = [
        (3, "Personnummer"),
        (4, "Personnummer"),
        (5, "Lagrum"),
        (6, "Ärende-id"),
        (7, "Beslutsdatum"),
        (8, "Beslutstyp"),
        (10, "Ärende-id"),
    ]
    .iter()
    .map(|(l, c)| (*l, c.to_string()))
    .collect();
    assert_eq!(got, want, "{e}");
    let messages: Vec<&str> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["message"].as_str().unwrap())
        .collect();
    assert!(messages[0].contains("saknas"));
    assert!(messages[1].contains("kontrollsiffran"));
    assert!(messages[2].contains("LSS eller SoL"));
    assert!(messages[3].contains("rad 2"));
    assert!(messages[4].contains("ÅÅÅÅ-MM-DD"));
    assert!(messages[5].contains("Bifall, Avslag eller Delavslag"));
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("Ingenting har importerats")
    );
    // No personnummer from the file in anything printed.
    for p in good
        .iter()
        .map(|g| g.personnummer.replace('-', ""))
        .chain(["196408233235".to_string()])
    {
        let digits_in = |s: &str| {
            s.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .contains(&p[2..])
        };
        assert!(
            !digits_in(&r.stdout.replace(['-', '+'], "")),
            "personnummer leaked"
        );
        assert!(!digits_in(&r.stderr));
    }
    assert_eq!(env.population_of(&id), 0);
    // Human output lists each error with its line and column.
    let r = env.run(&["import", "--audit", &id, f.to_str().unwrap()]);
    assert!(r.stderr.contains("Filen innehåller 7 fel"), "{}", r.stderr);
    assert!(r.stderr.contains("rad 5, kolumn Lagrum"), "{}", r.stderr);
    let log = env.ok(&["log", "--audit", &id]);
    assert_eq!(
        log.as_array().unwrap().len(),
        1,
        "only audit_created: {log}"
    );
}

#[test]
fn a_bad_reimport_keeps_the_earlier_population() {
    let env = Env::new();
    let id = env.new_audit();
    let f = env.write("ok.csv", csv_text(&population(50, 1), b';').as_bytes());
    env.ok(&["import", "--audit", &id, f.to_str().unwrap()]);
    let bad = env.write(
        "bad.csv",
        "Ärende-id;Personnummer;Lagrum\nX;1;LSS\n".as_bytes(),
    );
    env.fails(2, &["import", "--audit", &id, bad.to_str().unwrap()]);
    assert_eq!(env.population_of(&id), 50);
    // A good re-import before the draw replaces it.
    let f2 = env.write("ok2.csv", csv_text(&population(70, 2), b';').as_bytes());
    env.ok(&["import", "--audit", &id, f2.to_str().unwrap()]);
    assert_eq!(env.population_of(&id), 70);
}

#[test]
fn missing_columns_empty_files_and_unreadable_files() {
    let env = Env::new();
    let id = env.new_audit();
    let f = env.write("cols.csv", "Ärende;Insats\n1;x\n".as_bytes());
    let e = env.fails(2, &["import", "--audit", &id, f.to_str().unwrap()]);
    let cols: Vec<&str> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["column"].as_str().unwrap())
        .collect();
    assert_eq!(cols, vec!["Personnummer", "Lagrum"]);
    assert!(
        e["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["line"] == 1)
    );
    let empty = env.write("empty.csv", b"");
    let e = env.fails(2, &["import", "--audit", &id, empty.to_str().unwrap()]);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("Ingenting har importerats")
    );
    let header_only = env.write("h.csv", "Ärende-id;Personnummer;Lagrum\n".as_bytes());
    let e = env.fails(
        2,
        &["import", "--audit", &id, header_only.to_str().unwrap()],
    );
    assert!(e["message"].as_str().unwrap().contains("inga ärenden"));
    let e = env.fails(2, &["import", "--audit", &id, "/nonexistent/pop.csv"]);
    assert!(e["message"].as_str().unwrap().contains("finns inte"));
    let corrupt = env.write("c.xlsx", b"PK\x03\x04garbage");
    let e = env.fails(2, &["import", "--audit", &id, corrupt.to_str().unwrap()]);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("Kalkylbladet kunde inte läsas")
            || e["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("Kalkylbladet")
    );
    env.fails(2, &["import", "--audit", "999", f.to_str().unwrap()]);
    assert_eq!(env.population_of(&id), 0);
}

fn imported_audit(env: &Env, n: usize) -> String {
    let id = env.new_audit();
    let f = env.write(
        &format!("pop-{id}.csv"),
        csv_text(&population(n, 42), b';').as_bytes(),
    );
    env.ok(&["import", "--audit", &id, f.to_str().unwrap()]);
    id
}

#[test]
fn sample_draw_contract() {
    let env = Env::new();
    let id = imported_audit(&env, 549);
    let s = env.ok(&["sample", "draw", "--audit", &id, "--seed", "20230901"]);
    assert_eq!(s["population"], 549);
    assert_eq!(s["sample_size"], 165);
    assert_eq!(s["seed"], 20_230_901u64);
    assert_eq!(s["algorithm"], "aktgranskning-urval-v2");
    let hash = s["population_sha256"].as_str().unwrap();
    assert!(hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    let strata = s["strata"].as_array().unwrap();
    assert!(strata.len() > 2);
    let mut sum = 0;
    for c in strata {
        let key = c["key"].as_str().unwrap();
        assert!(key.starts_with("LSS|") || key.starts_with("SoL|"), "{key}");
        assert!(c["sample"].as_u64().unwrap() <= c["population"].as_u64().unwrap());
        sum += c["sample"].as_u64().unwrap();
    }
    assert_eq!(sum, 165);
    let case_ids = ids(&s);
    assert_eq!(case_ids.len(), 165);
    let mut sorted = case_ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, case_ids);
    let list = env.ok(&["audit", "list"]);
    assert_eq!(list[0]["status"], "granskning");
    assert_eq!(list[0]["sample_size"], 165);
    // The same population and seed in another audit give the same sample.
    let other = imported_audit(&env, 549);
    let s2 = env.ok(&["sample", "draw", "--audit", &other, "--seed", "20230901"]);
    assert_eq!(ids(&s2), case_ids);
    // A different seed gives a different sample; an OS seed is below 2^53.
    let s3 = env.ok(&["sample", "draw", "--audit", &other]);
    assert_ne!(ids(&s3), case_ids);
    assert!(s3["seed"].as_u64().unwrap() < (1u64 << 53));
    // `sample show` shows the current draw.
    assert_eq!(
        env.ok(&["sample", "show", "--audit", &other])["seed"],
        s3["seed"]
    );
    // Any 64-bit seed a user gives is kept exactly, and also given as text, which the
    // app shows (a JavaScript number would round it).
    let big = env.ok(&[
        "sample",
        "draw",
        "--audit",
        &other,
        "--seed",
        "18446744073709551615",
    ]);
    assert_eq!(big["seed"], u64::MAX);
    assert_eq!(big["seed_text"], "18446744073709551615");
    let verified = env.ok(&["sample", "verify", "--audit", &other]);
    assert_eq!(verified["matches"], true);
    assert_eq!(verified["seed_text"], "18446744073709551615");
}

#[test]
fn sample_strata_choices_and_percent() {
    let env = Env::new();
    let id = imported_audit(&env, 549);
    let s = env.ok(&[
        "sample", "draw", "--audit", &id, "--seed", "1", "--strata", "none",
    ]);
    assert_eq!(
        s["strata"],
        serde_json::json!([{"key": "", "population": 549, "sample": 165}])
    );
    let s = env.ok(&[
        "sample", "draw", "--audit", &id, "--seed", "1", "--strata", "lagrum",
    ]);
    let keys: Vec<&str> = s["strata"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, vec!["LSS", "SoL"]);
    let s = env.ok(&[
        "sample",
        "draw",
        "--audit",
        &id,
        "--seed",
        "1",
        "--percent",
        "12,5",
    ]);
    assert_eq!(s["sample_size"], 69); // ceil(0.125 · 549) = ceil(68.625)
    let e = env.fails(2, &["sample", "draw", "--audit", &id, "--percent", "120"]);
    assert_eq!(e["errors"][0]["column"], "Andel");
    let e = env.fails(2, &["sample", "draw", "--audit", &id, "--strata", "kommun"]);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("Okänd stratifiering")
    );
    let e = env.fails(2, &["sample", "draw", "--audit", &id, "--seed", "tolv"]);
    assert!(e["message"].as_str().unwrap().contains("--seed"));
    // Every draw is in the history.
    let log = env.ok(&["log", "--audit", &id]);
    let kinds: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec![
            "audit_created",
            "population_imported",
            "sample_drawn",
            "sample_redrawn",
            "sample_redrawn"
        ]
    );
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .all(|e| e["user"] == "testare" && e["at"].as_str().unwrap().ends_with('Z'))
    );
}

#[test]
fn draw_without_population_is_refused() {
    let env = Env::new();
    let id = env.new_audit();
    let r = env.run(&["sample", "draw", "--audit", &id]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("ingen population"), "{}", r.stderr);
    let e = env.fails(2, &["sample", "draw", "--audit", &id]);
    assert_eq!(e["code"], "refused");
    let e = env.fails(2, &["sample", "verify", "--audit", &id]);
    assert!(e["message"].as_str().unwrap().contains("Inget urval"));
}

#[test]
fn import_after_draw_is_refused() {
    let env = Env::new();
    let id = imported_audit(&env, 30);
    env.ok(&["sample", "draw", "--audit", &id]);
    let f = env.write("again.csv", csv_text(&population(30, 9), b';').as_bytes());
    let e = env.fails(2, &["import", "--audit", &id, f.to_str().unwrap()]);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("Urvalet är redan draget")
    );
    assert_eq!(env.population_of(&id), 30);
}

#[test]
fn verify_detects_a_changed_population_or_sample() {
    let env = Env::new();
    let id = imported_audit(&env, 100);
    env.ok(&["sample", "draw", "--audit", &id, "--seed", "5"]);
    let v = env.ok(&["sample", "verify", "--audit", &id]);
    assert_eq!(v["matches"], true);
    let conn = open_db(&env.db());
    // Swap a sampled case for an unsampled one behind the program's back.
    let sampled: String = conn
        .query_row("SELECT case_id FROM sample_cases LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let unsampled: String = conn
        .query_row("SELECT case_id FROM population WHERE case_id NOT IN (SELECT case_id FROM sample_cases) LIMIT 1", [], |r| r.get(0))
        .unwrap();
    conn.execute(
        "UPDATE sample_cases SET case_id = ?1 WHERE case_id = ?2",
        [&unsampled, &sampled],
    )
    .unwrap();
    let v = env.ok(&["sample", "verify", "--audit", &id]);
    assert_eq!(v["matches"], false);
    assert_eq!(v["population_matches"], true);
    assert_eq!(v["sample_matches"], false);
    conn.execute(
        "UPDATE sample_cases SET case_id = ?1 WHERE case_id = ?2",
        [&sampled, &unsampled],
    )
    .unwrap();
    assert_eq!(
        env.ok(&["sample", "verify", "--audit", &id])["matches"],
        true
    );
    // Move a case to another officer: the population no longer hashes the same.
    conn.execute(
        "UPDATE population SET handlaggare = 'Ny Handläggare' WHERE case_id = ?1",
        [&sampled],
    )
    .unwrap();
    let v = env.ok(&["sample", "verify", "--audit", &id]);
    assert_eq!(v["matches"], false);
    assert_eq!(v["population_matches"], false);
    let r = env.run(&["sample", "verify", "--audit", &id]);
    assert!(r.stdout.contains("stämmer INTE"), "{}", r.stdout);
}

/// The independent Python implementation (docs/reference/urval_v2.py) re-derives the
/// product's sample from the exported canonical population.
#[test]
fn python_reference_implementation_agrees() {
    let env = Env::new();
    let id = imported_audit(&env, 549);
    let s = env.ok(&[
        "sample",
        "draw",
        "--audit",
        &id,
        "--seed",
        "777",
        "--percent",
        "30",
    ]);
    let pop = env.path("canonical.tsv");
    let w = env.ok(&[
        "sample",
        "population",
        "--audit",
        &id,
        "--out",
        pop.to_str().unwrap(),
    ]);
    assert_eq!(w["cases"], 549);
    let canonical = std::fs::read_to_string(&pop).unwrap();
    assert!(!canonical.contains("19") || canonical.lines().all(|l| l.split('\t').count() == 2));
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/reference/urval_v2.py"
    );
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&pop)
        .arg("777")
        .arg("3000")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let py: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(py["population_sha256"], s["population_sha256"]);
    assert_eq!(py["sample_size"], s["sample_size"]);
    assert_eq!(py["strata"], s["strata"]);
    assert_eq!(py["case_ids"], s["case_ids"]);
}

#[test]
fn usage_errors_are_swedish_and_json_when_asked() {
    let env = Env::new();
    let e = env.fails(2, &["sample", "draw"]);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("Obligatoriskt argument saknas")
    );
    let r = env.run(&["import", "--audit", "x", "f.csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("Ogiltigt värde"), "{}", r.stderr);
    let e = env.fails(2, &["sample", "verify", "--audit", "77"]);
    assert_eq!(e["code"], "not_found");
}

#[test]
fn a_foreign_file_is_refused_with_exit_2_and_left_alone() {
    let env = Env::new();
    std::fs::write(
        env.db(),
        b"this is not sqlite at all, just text that is long enough to be a header..........",
    )
    .unwrap();
    let r = env.run(&["--json", "audit", "list"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    // Not SQLite, or encrypted with another key: SQLCipher cannot tell the two apart.
    assert_eq!(r.json()["code"], "locked");
    // Another program's SQLite database: refused, not migrated into ours.
    let theirs = env.path("theirs.sqlite3");
    let conn = rusqlite::Connection::open(&theirs).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&theirs).unwrap();
    let r = cli()
        .args(["--json", "--db", theirs.to_str().unwrap(), "audit", "list"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert_eq!(std::fs::read(&theirs).unwrap(), before);
}

/// Two spellings of one case officer are pointed out at import and can be merged into one
/// stratum before the draw (the specification keeps them apart: no case folding).
#[test]
fn case_officers_spelled_differently_are_pointed_out_and_merged_before_the_draw() {
    let env = Env::new();
    let id = env.new_audit();
    let mut rows = population(60, 12);
    for (i, r) in rows.iter_mut().enumerate() {
        r.handlaggare = match i % 4 {
            0 => "Anna Berg".into(),
            1 => "anna  berg".into(),
            2 => "Örjan Ek".into(),
            _ => "O\u{308}rjan Ek".into(),
        };
    }
    let f = env.write("pop.csv", csv_text(&rows, b';').as_bytes());
    let s = env.ok(&["import", "--audit", &id, f.to_str().unwrap()]);
    assert_eq!(s["case_officers"], 4);
    let groups = s["similar_officers"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{s}");
    let text = env
        .run(&["import", "--audit", &id, f.to_str().unwrap()])
        .stdout;
    assert!(text.contains("samma handläggare?"), "{text}");
    let m = env.ok(&[
        "sample",
        "merge-officers",
        "--audit",
        &id,
        "--into",
        "Anna Berg",
        "--from",
        "anna berg",
    ]);
    assert_eq!(m["cases"], 15);
    env.ok(&[
        "sample",
        "merge-officers",
        "--audit",
        &id,
        "--into",
        "Örjan Ek",
        "--from",
        "O\u{308}rjan Ek",
    ]);
    let d = env.ok(&["sample", "draw", "--audit", &id, "--seed", "5"]);
    let keys: Vec<&str> = d["strata"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.iter()
            .all(|k| k.ends_with("|Anna Berg") || k.ends_with("|Örjan Ek")),
        "{keys:?}"
    );
    assert_eq!(env.events(&id, &["officers_merged"]).len(), 2);
    // After the draw, merging is refused.
    env.fails(
        2,
        &[
            "sample",
            "merge-officers",
            "--audit",
            &id,
            "--into",
            "X",
            "--from",
            "Anna Berg",
        ],
    );
}

#[test]
fn a_summary_row_is_skipped_only_when_asked_and_its_count_must_agree() {
    let env = Env::new();
    let id = env.new_audit();
    let rows = population(40, 3);
    let body = csv_text(&rows, b';');
    // The case system's footer, as exports print it.
    let with_footer = format!(
        "{}Summa: 40 ärenden;;;;;;\n",
        body.trim_end().to_string() + "\n"
    );
    let f = env.write("med-summa.csv", with_footer.as_bytes());
    let e = env.fails(2, &["import", "--audit", &id, f.to_str().unwrap()]);
    assert_eq!(e["errors"].as_array().unwrap().len(), 1, "{e}");
    assert_eq!(e["errors"][0]["line"], 42);
    assert!(
        e["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("summerings"),
        "{e}"
    );
    assert_eq!(env.population_of(&id), 0, "nothing stored");
    let s = env.ok(&[
        "import",
        "--audit",
        &id,
        f.to_str().unwrap(),
        "--skip-summary",
    ]);
    assert_eq!(s["imported"], 40);
    assert_eq!(s["skipped"][0]["line"], 42);
    assert_eq!(s["skipped"][0]["text"], "Summa: 40 ärenden");
    let text = env
        .run(&[
            "import",
            "--audit",
            &id,
            f.to_str().unwrap(),
            "--skip-summary",
        ])
        .stdout;
    assert!(text.contains("Överhoppad summeringsrad 42"), "{text}");
    let logged = env.events(&id, &["population_imported"]);
    assert_eq!(
        logged[0]["detail"]["skipped_lines"],
        serde_json::json!([42])
    );

    // A file cut short: the footer says 41, the file holds 40: refused even when skipping.
    let short = format!(
        "{}Summa: 41 ärenden;;;;;;\n",
        body.trim_end().to_string() + "\n"
    );
    let f = env.write("kort.csv", short.as_bytes());
    let e = env.fails(
        2,
        &[
            "import",
            "--audit",
            &id,
            f.to_str().unwrap(),
            "--skip-summary",
        ],
    );
    assert!(
        e["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("anger 41 ärenden, men filen innehåller 40"),
        "{e}"
    );
    assert_eq!(env.population_of(&id), 40, "the earlier population stays");
}

#[test]
fn columns_chosen_once_are_remembered_for_the_same_headers_and_the_same_person_is_pointed_out() {
    let env = Env::new();
    let mut rows = population(30, 4);
    // Two files of one person.
    rows[7].personnummer = rows[3].personnummer.clone();
    let text = csv_text(&rows, b';').replacen("Ärende-id", "Löpnr i systemet", 1);
    let f = env.write("egen-rubrik.csv", text.as_bytes());
    let first = env.new_audit();
    let e = env.fails(2, &["import", "--audit", &first, f.to_str().unwrap()]);
    assert!(e.to_string().contains("Ärende-id"), "{e}");
    let e = env.fails(
        2,
        &[
            "import",
            "--audit",
            &first,
            f.to_str().unwrap(),
            "--column",
            "case_id",
        ],
    );
    assert_eq!(e["errors"][0]["column"], "--column");
    let s = env.ok(&[
        "import",
        "--audit",
        &first,
        f.to_str().unwrap(),
        "--column",
        "case_id=1",
    ]);
    assert_eq!(s["imported"], 30);
    assert_eq!(s["mapping_remembered"], false);
    let mut pair = vec![rows[3].case_id.clone(), rows[7].case_id.clone()];
    pair.sort();
    assert_eq!(s["same_person"], serde_json::json!([pair]));
    assert!(!s.to_string().contains(&rows[3].personnummer[..8]));
    // The next file with the same headers needs no choice.
    let second = env.new_audit();
    let s = env.ok(&["import", "--audit", &second, f.to_str().unwrap()]);
    assert_eq!(s["imported"], 30);
    assert_eq!(s["mapping_remembered"], true);
}
