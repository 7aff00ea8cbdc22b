//! Renders a sample document with the layout engine, to look at:
//! `cargo run -p aktgranskning-report --example layout_sample -- out.pdf`.

use aktgranskning_report::layout::*;

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "layout-sample.pdf".to_string());
    let blocks = vec![
        Block::Heading { level: 1, text: "2 Sammanvägd bedömning".into() },
        Block::Paragraph("Grön: goda exempel som med fördel kan spridas till andra enheter. Gul: enheten har områden som behöver utvecklas. Röd: enheten uppvisar brister som måste åtgärdas.".into()),
        Block::Table(Table {
            columns: vec![
                Column { title: "Kvalitetsnivå".into(), share: 1.2, align: Align::Left },
                Column { title: "Bedömning".into(), share: 5.0, align: Align::Left },
            ],
            rows: vec![
                vec![Cell { text: "Grön".into(), fill: Some(Colour(0.75, 0.90, 0.75)), bold: true }, Cell::text("Mötesstrukturen är ändamålsenlig och välfungerande.")],
                vec![Cell { text: "Gul".into(), fill: Some(Colour(1.0, 0.93, 0.60)), bold: true }, Cell::text("Enheten behöver utveckla arbetet med barnperspektivet i syfte att säkerställa att barnets perspektiv tas tillvara under handläggningsprocessen.")],
                vec![Cell { text: "Röd".into(), fill: Some(Colour(0.97, 0.74, 0.72)), bold: true }, Cell::text("Samtycke ska systematiskt inhämtas och dokumenteras i journalen.")],
            ],
        }),
        Block::Heading { level: 1, text: "3 Metod".into() },
        Block::Bullets(vec![
            "Intervjuer med enhetschef, gruppledare, medarbetare och nyckelpersoner.".into(),
            "Granskning av 30 procent av aktuella akter (165 av 549). Aktgranskningen har inte berört om rätt beslut har fattats.".into(),
        ]),
    ];
    let r = render(
        &Setup {
            title: "Granskning av Myndighet LSS".into(),
            author: "Vård- och omsorgsförvaltningen".into(),
            header_left: "Myndighet LSS".into(),
            header_right: "2023/VON 0123".into(),
            draft: true,
            created: chrono::Utc::now(),
        },
        &blocks,
    )
    .expect("the sample renders");
    std::fs::write(&out, r.bytes).expect("write pdf");
    println!("{} sidor → {out}", r.pages);
}
