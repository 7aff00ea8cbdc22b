//! Preview and column mapping of a population file.

use super::*;
use crate::audits::{NewAuditInput, create_audit};
use crate::demo;

fn audit(store: &mut Store, ctx: &Context) -> i64 {
    create_audit(
        store,
        ctx,
        &NewAuditInput {
            unit: "Enhet".into(),
            org: "Förvaltning".into(),
            board: "Nämnd".into(),
            diarienr: "2023/1".into(),
            reference_date: "2023-09-01".into(),
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn a_preview_masks_personnummer_and_unknown_headers_are_mapped_by_hand() {
    let mut store = Store::open_in_memory().unwrap();
    let ctx = Context::new("testare");
    let id = audit(&mut store, &ctx);
    let reference = NaiveDate::from_ymd_opt(2023, 9, 1).unwrap();
    let rows = demo::synthetic_population(10, 5, reference);
    let csv = demo::to_csv(&rows, b';').replacen("Ärende-id", "Löpnummer", 1);
    // A mistyped (invalid) number in the first row is masked too.
    let typo = format!("{}9", &rows[0].personnummer[..12]);
    let csv = csv.replacen(&rows[0].personnummer, &typo, 1);

    let p = preview_population(&store, id, csv.as_bytes()).unwrap();
    assert_eq!(p.total_rows, 10);
    assert_eq!(p.rows.len(), 5);
    assert_eq!(p.headers[0], "Löpnummer");
    let field = |name: &str| p.fields.iter().find(|f| f.field == name).unwrap().clone();
    assert_eq!(field("case_id").column, None);
    assert!(field("case_id").required);
    assert_eq!(field("personnummer").column, Some(1));
    assert_eq!(p.rows[0][1], format!("{}****", &typo[..9]));
    assert_eq!(p.rows[1][1], format!("{}****", &rows[1].personnummer[..9]));
    let all = format!("{p:?}");
    for r in &rows {
        assert!(!all.contains(&r.personnummer));
    }
    assert!(!all.contains(&typo));

    let e = import_population(&mut store, &ctx, id, "f.csv", csv.as_bytes()).unwrap_err();
    assert_eq!(e.errors[0].line, Some(1));
    assert_eq!(e.errors[0].column.as_deref(), Some("Ärende-id"));

    let choose = |column| {
        vec![ColumnChoice {
            field: "case_id".into(),
            column,
        }]
    };
    let e = import_population_mapped(&mut store, &ctx, id, "f.csv", csv.as_bytes(), &choose(9))
        .unwrap_err();
    assert!(
        e.errors[0].message.contains("filen har 7 kolumner"),
        "{e:?}"
    );
    // The typo is an error like any other; fixed, the mapped import goes through.
    let fixed = csv.replacen(&typo, &rows[0].personnummer, 1);
    let s = import_population_mapped(&mut store, &ctx, id, "f.csv", fixed.as_bytes(), &choose(0))
        .unwrap();
    assert_eq!(s.imported, 10);
}
