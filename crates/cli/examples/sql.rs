//! Runs SQL statements on an Aktgranskning database, opened with its key the way the
//! program opens it (`AKTGRANSKNING_PASSPHRASE`, else the OS keyring): the encrypted
//! database's equivalent of `sqlite3 FILE "…"`, for tests that change data behind the
//! program's back and for support. Prints the rows of the last statement, tab-separated.
//!
//!   cargo run -p aktgranskning-cli --example sql -- DB "UPDATE …; SELECT …"

use aktgranskning_service::keys;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, sql] = args.as_slice() else {
        eprintln!("usage: sql DB STATEMENTS");
        std::process::exit(2);
    };
    let opened = match keys::open_configured(std::path::Path::new(db)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{}", e.message);
            std::process::exit(2);
        }
    };
    let conn = opened.store.conn();
    let statements: Vec<&str> = sql
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    for (i, s) in statements.iter().enumerate() {
        let mut stmt = conn.prepare(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap_or_else(|e| panic!("{s}: {e}"));
        while let Some(row) = rows.next().unwrap_or_else(|e| panic!("{s}: {e}")) {
            if i + 1 == statements.len() {
                let cells: Vec<String> = (0..n)
                    .map(|c| match row.get_ref(c) {
                        Ok(v) => match v {
                            rusqlite::types::ValueRef::Null => String::new(),
                            rusqlite::types::ValueRef::Integer(x) => x.to_string(),
                            rusqlite::types::ValueRef::Real(x) => x.to_string(),
                            rusqlite::types::ValueRef::Text(t) => {
                                String::from_utf8_lossy(t).into_owned()
                            }
                            rusqlite::types::ValueRef::Blob(b) => format!("<{} bytes>", b.len()),
                        },
                        Err(_) => String::new(),
                    })
                    .collect();
                println!("{}", cells.join("\t"));
            }
        }
    }
}
