//! The report for the nämnd as a PDF.
//!
//! [`layout`] is a small A4 layout engine over printpdf: it flows blocks (headings,
//! wrapped paragraphs, bullet lists, tables whose rows break cleanly across pages with the
//! header row repeated) into pages, then draws the running header, the `Sida X (Y)` footer
//! and, for a draft, the `UTKAST` marking on every page. Text is measured with the
//! embedded font's own advance widths, so wrapped text never leaves its box.
//!
//! The report's content (chapters, generated tables and chart) builds on this; see
//! `docs/report-notes.md` for the printpdf facts it relies on.

pub mod fonts;
pub mod layout;
