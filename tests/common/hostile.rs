//! Hostile and broken inputs for `tests/hostile.rs`, written here (the big ones are made at
//! test time, never committed). `tests/fixtures/plain.xls` is a 5.6 KB workbook saved by
//! LibreOffice (`soffice --convert-to xls` of a two-line CSV); the xls cases patch it.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// A one-sheet xlsx written part by part: `sheet_data` is the inside of `<sheetData>`,
/// `dimension` the `ref` of `<dimension>`, `sst` the whole sharedStrings part.
pub fn raw_xlsx(path: &Path, dimension: &str, sheet_data: &str, sst: Option<&str>) {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    let mut parts = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    if let Some(sst) = sst {
        parts.push(("xl/sharedStrings.xml", sst.as_bytes()));
    }
    write_zip(path, &parts);
}

pub fn write_zip(path: &Path, parts: &[(&str, &[u8])]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in parts {
        zip.start_file(*name, SimpleFileOptions::default()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// An inline-string cell.
pub fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// An xlsx whose sheet inflates to `mb` megabytes of spaces (a zip bomb; its central
/// directory tells the truth, as zip writers do).
pub fn zip_bomb(path: &Path, mb: usize) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = SimpleFileOptions::default().large_file(true);
    for (name, bytes) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ] {
        zip.start_file(name, SimpleFileOptions::default()).unwrap();
        zip.write_all(bytes.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..mb {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
}

pub fn plain_xls() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plain.xls")).unwrap()
}

fn find(bytes: &[u8], pat: &[u8]) -> usize {
    bytes
        .windows(pat.len())
        .position(|w| w == pat)
        .expect("pattern in plain.xls")
}

/// plain.xls with a DIMENSIONS record declaring 4,294,967,295 rows × 65,535 columns.
pub fn xls_huge_dimensions() -> Vec<u8> {
    let mut b = plain_xls();
    let at = find(&b, &[0x00, 0x02, 0x0E, 0x00]) + 4;
    b[at..at + 4].copy_from_slice(&0u32.to_le_bytes());
    b[at + 4..at + 8].copy_from_slice(&u32::MAX.to_le_bytes());
    b[at + 8..at + 10].copy_from_slice(&0u16.to_le_bytes());
    b[at + 10..at + 12].copy_from_slice(&u16::MAX.to_le_bytes());
    b
}

/// plain.xls with its last text cell moved to row 65,536, column 65,535 (cells at A1 and
/// far away: a dense layout of 4 billion cells).
pub fn xls_far_cell() -> Vec<u8> {
    let mut b = plain_xls();
    let pat = [0xFD, 0x00, 0x0A, 0x00];
    let last = b.windows(4).rposition(|w| w == pat).unwrap() + 4;
    b[last..last + 2].copy_from_slice(&u16::MAX.to_le_bytes());
    b[last + 2..last + 4].copy_from_slice(&u16::MAX.to_le_bytes());
    b
}

/// plain.xls whose directory sector chain points back to itself.
pub fn xls_sector_loop() -> Vec<u8> {
    let mut b = plain_xls();
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let dir_start = u32_at(&b, 48);
    let fat_sector = u32_at(&b, 76) as usize;
    let at = (fat_sector + 1) * 512 + 4 * dir_start as usize;
    b[at..at + 4].copy_from_slice(&dir_start.to_le_bytes());
    b
}

/// plain.xls with a FILEPASS record (RC4 encryption) right after the workbook's BOF, as a
/// password-protected xls has it.
pub fn xls_with_password() -> Vec<u8> {
    let mut b = plain_xls();
    let bof = find(&b, &[0x09, 0x08, 0x10, 0x00]);
    let next = bof + 4 + 16;
    b[next..next + 6].copy_from_slice(&[0x2F, 0x00, 0x02, 0x00, 0x01, 0x00]);
    b
}

/// An OLE2 file holding an `EncryptedPackage` stream: what a password-protected xlsx is
/// (plain.xls with its `Workbook` stream renamed).
pub fn xlsx_with_password() -> Vec<u8> {
    let mut b = plain_xls();
    let name: Vec<u8> = "Workbook"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let at = find(&b, &name);
    let new: Vec<u8> = "EncryptedPackage\0"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    b[at..at + new.len()].copy_from_slice(&new);
    b[at + 64..at + 66].copy_from_slice(&(new.len() as u16).to_le_bytes());
    b
}

/// Bytes that are no format at all (NULs and control characters throughout).
pub fn junk(len: usize, seed: u64) -> Vec<u8> {
    // Distinct seeds give distinct bytes (identical files would be `file_duplicate`).
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8 & 0x1F
        })
        .collect()
}

/// An xlsx whose `cells` cells all point at one shared string of `len` characters: a small
/// file that is gigabytes once every cell holds its own copy.
pub fn shared_string_bomb(path: &Path, len: usize, cells: usize) {
    let long: String = (0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect();
    let sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{cells}" uniqueCount="1"><si><t>{long}</t></si></sst>"#
    );
    let mut data = String::with_capacity(cells * 40);
    for r in 1..=cells {
        data.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#
        ));
    }
    raw_xlsx(path, &format!("A1:A{cells}"), &data, Some(&sst));
}

/// An xlsx naming cell A1 `records` times: a one-cell bounding box with millions of cells.
pub fn same_address_xlsx(path: &Path, records: usize) {
    let mut data = String::with_capacity(records * 24 + 32);
    data.push_str(r#"<row r="1">"#);
    for _ in 0..records {
        data.push_str(r#"<c r="A1"><v>1</v></c>"#);
    }
    data.push_str("</row>");
    raw_xlsx(path, "A1", &data, None);
}

/// An xlsx of `sheets` sheets that all name one worksheet part holding `rows` rows: a
/// forged workbook that has the part inflated once per sheet.
pub fn shared_part_xlsx(path: &Path, sheets: usize, rows: usize) {
    let mut data = String::with_capacity(rows * 60);
    for r in 1..=rows {
        data.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r}</v></c><c r="C{r}"><v>{r}</v></c></row>"#
        ));
    }
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
    );
    let names: String = (1..=sheets)
        .map(|i| format!(r#"<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>"#))
        .collect();
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{names}</sheets></workbook>"#
    );
    let rels: String = (1..=sheets)
        .map(|i| format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#))
        .collect();
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    write_zip(
        path,
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", RELS.as_bytes()),
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ],
    );
}
