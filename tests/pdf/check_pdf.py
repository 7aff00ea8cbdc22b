#!/usr/bin/env python3
"""Checks a report PDF, read with pikepdf (qpdf), independently of the Rust code that
wrote it: the clauses of PDF/A-2a and PDF/UA-1 the report relies on (docs/report-pdf.md).

Usage: check_pdf.py FILE.pdf [--expect-draft | --expect-final] [--short]
--short: a document of a few pages without a table of contents or bookmarks (the
internal feedback lists); every other check stands.
Prints one JSON object {"ok", "problems", "facts"}; exits 1 when a problem is found.
Not a conformance validator: it checks what it names and nothing else.
"""

import json
import re
import sys

# A short document: no table of contents or bookmarks expected (set from --short).
SHORT = False

import pikepdf

problems = []
facts = {}


def problem(msg):
    problems.append(msg)


def name(x):
    return str(x) if x is not None else None


def check_catalog(pdf):
    root = pdf.Root
    facts["version"] = pdf.pdf_version
    if pdf.pdf_version != "1.7":
        problem(f"PDF-version {pdf.pdf_version}, väntad 1.7")
    mark = root.get("/MarkInfo")
    if mark is None or not bool(mark.get("/Marked", False)):
        problem("/MarkInfo /Marked saknas eller är false")
    if str(root.get("/Lang", "")) != "sv-SE":
        problem(f"/Lang är {root.get('/Lang')!r}, väntat sv-SE")
    vp = root.get("/ViewerPreferences")
    if vp is None or not bool(vp.get("/DisplayDocTitle", False)):
        problem("/ViewerPreferences /DisplayDocTitle är inte true")
    if "/StructTreeRoot" not in root:
        problem("strukturträd (/StructTreeRoot) saknas")
    ids = pdf.trailer.get("/ID")
    if ids is None or len(ids) != 2 or not bytes(ids[0]) or not bytes(ids[1]):
        problem("/ID i trailern saknas eller är ofullständigt")
    else:
        facts["id"] = [bytes(i).hex() for i in ids]


def check_xmp(pdf):
    meta = pdf.open_metadata()
    get = lambda k: meta.get(k)
    facts["pdfa"] = f"{get('pdfaid:part')}{get('pdfaid:conformance')}"
    facts["pdfua"] = get("pdfuaid:part")
    if get("pdfaid:part") != "2" or get("pdfaid:conformance") not in ("A", "U", "B"):
        problem(f"XMP pdfaid anger {facts['pdfa']}, väntat 2A, 2U eller 2B")
    if get("pdfuaid:part") != "1":
        problem("XMP pdfuaid:part är inte 1")
    for key in ("dc:title", "xmp:CreateDate", "pdf:Producer"):
        if not get(key):
            problem(f"XMP {key} saknas")
    title = str(get("dc:title") or "")
    info_title = str(pdf.docinfo.get("/Title", ""))
    if info_title and info_title != title:
        problem("titeln i XMP och i /Info skiljer sig")
    facts["title"] = title


def check_output_intent(pdf):
    intents = pdf.Root.get("/OutputIntents", [])
    pdfa = [oi for oi in intents if name(oi.get("/S")) == "/GTS_PDFA1"]
    if len(pdfa) != 1:
        problem(f"{len(pdfa)} OutputIntent med /GTS_PDFA1, väntat 1")
        return
    profile = pdfa[0].get("/DestOutputProfile")
    if profile is None:
        problem("OutputIntent saknar /DestOutputProfile")
        return
    data = profile.read_bytes()
    named_srgb = b"sRGB" in data or "sRGB".encode("utf-16-be") in data
    if int(profile.get("/N", 0)) != 3 or not named_srgb:
        problem("OutputIntent-profilen är inte en sRGB-profil med tre komponenter")
    facts["output_intent"] = "sRGB"


def check_fonts(pdf):
    seen = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for _, font in fonts.items():
            key = font.objgen
            if key in seen:
                continue
            seen.add(key)
            base = str(font.get("/BaseFont", "?"))
            if "/ToUnicode" not in font:
                problem(f"typsnittet {base} saknar /ToUnicode")
            descendants = font.get("/DescendantFonts", [font])
            for d in descendants:
                fd = d.get("/FontDescriptor")
                if fd is None or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    problem(f"typsnittet {base} är inte inbäddat")
    facts["fonts"] = len(seen)


def walk_structure(pdf):
    """The structure elements in tree order: (depth, role, element, parent role)."""
    out = []

    def walk(e, depth, parent):
        if not isinstance(e, pikepdf.Dictionary):
            return
        if "/S" in e:
            out.append((depth, str(e.S), e, parent))
            parent = str(e.S)
        kids = e.get("/K")
        if isinstance(kids, pikepdf.Array):
            for k in kids:
                walk(k, depth + 1, parent)
        elif kids is not None:
            walk(kids, depth + 1, parent)

    if "/StructTreeRoot" in pdf.Root:
        walk(pdf.Root.StructTreeRoot, 0, None)
    return out


def kids(e):
    k = e.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def has_content(e):
    for k in kids(e):
        if isinstance(k, (int,)) or (isinstance(k, pikepdf.Object) and k._type_name == "integer"):
            return True
        if isinstance(k, pikepdf.Dictionary):
            if name(k.get("/Type")) in ("/MCR", "/OBJR"):
                return True
            if "/S" in k and has_content(k):
                return True
    return False


def check_structure(pdf, expect_draft):
    elems = walk_structure(pdf)
    roles = [r for _, r, _, _ in elems]
    facts["elements"] = {r: roles.count(r) for r in sorted(set(roles))}
    headings = [(int(r[2]), e) for _, r, e, _ in elems if re.fullmatch(r"/H[1-6]", r)]
    if not headings:
        problem("inga rubriker (H1–H6) i strukturträdet")
    previous = 0
    for level, e in headings:
        if level > previous + 1:
            problem(f"rubriknivå H{level} efter H{previous}: en nivå hoppas över")
        previous = level
        if not has_content(e):
            problem(f"tom rubrik H{level}")
    facts["headings"] = [f"H{level} {e.get('/T', '')}" for level, e in headings]
    for _, role, e, parent in elems:
        if role == "/Figure":
            alt = str(e.get("/Alt", "")).strip()
            if len(alt) < 20:
                problem("en figur saknar alternativtext som säger vad den visar")
        if role in ("/TH", "/TD") and parent != "/TR":
            problem(f"{role} utanför TR")
        if role == "/TR" and parent not in ("/Table", "/THead", "/TBody", "/TFoot"):
            problem(f"TR i {parent}")
        if role == "/LI" and parent != "/L":
            problem(f"LI i {parent}")
        if role in ("/Lbl", "/LBody") and parent != "/LI":
            problem(f"{role} i {parent}")
        if role == "/TOCI" and parent != "/TOC":
            problem(f"TOCI i {parent}")
        if role == "/TH":
            attrs = e.get("/A")
            attrs = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs] if attrs else []
            if not any(name(a.get("/O")) == "/Table" and "/Scope" in a for a in attrs):
                problem("en rubrikcell (TH) saknar /Scope")
        if role == "/Link":
            objr = [k for k in kids(e) if isinstance(k, pikepdf.Dictionary) and name(k.get("/Type")) == "/OBJR"]
            if not objr:
                problem("en länk saknar sin annotering i strukturträdet")
    tables = [e for _, r, e, _ in elems if r == "/Table"]
    for t in tables:
        ths = [1 for _, r, e, _ in walk_structure_under(t) if r == "/TH"]
        if not ths:
            problem("en tabell saknar rubrikceller (TH)")
    if not SHORT and not any(r == "/TOC" for r in roles):
        problem("innehållsförteckningen är inte märkt som TOC")


def walk_structure_under(e):
    out = []

    def walk(x, depth):
        for k in kids(x):
            if isinstance(k, pikepdf.Dictionary) and "/S" in k:
                out.append((depth, str(k.S), k, None))
                walk(k, depth + 1)

    walk(e, 0)
    return out


TEXT_OPS = {"Tj", "TJ", "'", '"'}
PAINT_OPS = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh"}


def check_content(pdf, expect_draft):
    """Every text and path painting operator inside marked content: real content with an
    MCID, or an artifact; headers and footers are pagination artifacts on every page."""
    parent_tree = pdf.Root.get("/StructTreeRoot", {}).get("/ParentTree")
    nums = {}
    if parent_tree is not None:
        def collect(node):
            if "/Nums" in node:
                arr = list(node.Nums)
                for i in range(0, len(arr), 2):
                    nums[int(arr[i])] = arr[i + 1]
            for kid in node.get("/Kids", []):
                collect(kid)
        collect(parent_tree)
    for index, page in enumerate(pdf.pages, start=1):
        stack = []
        subtypes = set()
        mcids = set()
        unmarked = 0
        # Where (operator index) the last fill and the watermark are drawn: the draft
        # marking lies above the table fills, so no page of a draft looks final.
        last_fill = watermark_at = -1
        for position, (operands, op) in enumerate(pikepdf.parse_content_stream(page)):
            op = str(op)
            if op in ("f", "F", "f*"):
                last_fill = position
            if op in ("BDC", "BMC"):
                tag = str(operands[0])
                props = operands[1] if len(operands) > 1 else None
                stack.append(tag)
                if tag == "/Artifact" and isinstance(props, pikepdf.Dictionary):
                    subtypes.add(f"{props.get('/Type')}{props.get('/Subtype', '')}")
                    if str(props.get("/Subtype", "")) == "/Watermark":
                        watermark_at = position
                if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    mcids.add(int(props.MCID))
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op in TEXT_OPS or op in PAINT_OPS:
                if not stack:
                    unmarked += 1
        if unmarked:
            problem(f"sida {index}: {unmarked} ritoperationer utanför märkt innehåll")
        for needed in ("/Pagination/Header", "/Pagination/Footer"):
            if needed not in subtypes:
                problem(f"sida {index}: {needed[12:].lower()} är inte märkt som artefakt")
        if expect_draft and "/Pagination/Watermark" not in subtypes:
            problem(f"sida {index}: utkastets vattenstämpel saknas")
        if expect_draft and watermark_at < last_fill:
            problem(f"sida {index}: vattenstämpeln ligger under tabellernas färgfält")
        if not expect_draft and "/Pagination/Watermark" in subtypes:
            problem(f"sida {index}: vattenstämpel i en slutlig rapport")
        sp = page.obj.get("/StructParents")
        if mcids:
            if sp is None or int(sp) not in nums:
                problem(f"sida {index}: innehållet saknar koppling till strukturträdet")
            else:
                arr = nums[int(sp)]
                for m in mcids:
                    if m >= len(arr) or arr[m] is None:
                        problem(f"sida {index}: MCID {m} pekar inte på något strukturelement")
        for annot in page.obj.get("/Annots", []):
            if name(annot.get("/Subtype")) == "/Link":
                if "/StructParent" not in annot:
                    problem(f"sida {index}: en länk saknar /StructParent")
                if not str(annot.get("/Contents", "")).strip():
                    problem(f"sida {index}: en länk saknar beskrivning (/Contents)")
    facts["pages"] = len(pdf.pages)


def check_outline(pdf):
    with pdf.open_outline() as outline:
        titles = [str(item.title) for item in outline.root]
    facts["bookmarks"] = titles
    if not titles:
        problem("inga bokmärken")


def main():
    path = sys.argv[1]
    expect_draft = "--expect-draft" in sys.argv
    global SHORT
    SHORT = "--short" in sys.argv
    try:
        pdf = pikepdf.open(path)
    except Exception as e:  # noqa: BLE001 - any failure to read is the finding
        print(json.dumps({"ok": False, "problems": [f"filen kan inte läsas: {e}"], "facts": {}}))
        return 1
    check_catalog(pdf)
    check_xmp(pdf)
    check_output_intent(pdf)
    check_fonts(pdf)
    check_structure(pdf, expect_draft)
    check_content(pdf, expect_draft)
    if not SHORT:
        check_outline(pdf)
    print(json.dumps({"ok": not problems, "problems": problems, "facts": facts}, ensure_ascii=False))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
