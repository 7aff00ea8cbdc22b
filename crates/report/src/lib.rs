//! The report for the nämnd as a PDF.
//!
//! [`layout`] is a small A4 layout engine over krilla: it flows blocks (headings,
//! wrapped paragraphs, bullet lists, tables whose rows break cleanly across pages with the
//! header row repeated) into pages, then draws the running header, the `Sida X (Y)` footer
//! and, for a draft, the `UTKAST` marking on every page. Text is measured with the
//! embedded font's own advance widths, so wrapped text never leaves its box.
//!
//! [`content`] builds the report itself (cover, contents, the nine chapters with the
//! generated Metod facts, results table and charts, the appendices) from a
//! [`content::ReportData`]; [`render_report`] renders it. See `docs/report-pdf.md` for
//! how the PDF is tagged (PDF/UA-1) and archivable (PDF/A-2a), and what checks it.

pub mod content;
pub mod docx;
pub mod feedback;
pub mod fonts;
pub mod layout;
pub mod overview;

/// Renders the report of `data` as a PDF.
pub fn render_report(data: &content::ReportData) -> Result<layout::Rendered, layout::RenderError> {
    layout::render(&data.setup(), &content::blocks(data))
}

/// Renders the report of `data` as a Word document (DOCX).
pub fn render_report_docx(data: &content::ReportData) -> Result<Vec<u8>, layout::RenderError> {
    docx::render_docx(&data.setup(), &content::blocks(data))
}

/// Renders the förvaltning's overview as a PDF, tagged like the report.
pub fn render_overview(
    data: &overview::OverviewData,
) -> Result<layout::Rendered, layout::RenderError> {
    layout::render(&data.setup(), &overview::blocks(data))
}

/// Renders the förvaltning's overview as a Word document.
pub fn render_overview_docx(data: &overview::OverviewData) -> Result<Vec<u8>, layout::RenderError> {
    docx::render_docx(&data.setup(), &overview::blocks(data))
}
