//! Hostile and broken inputs for `tests/it/hostile.rs`, written here (the big ones are made at
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

/// A cell of `xlsb_sheetjs`.
pub enum Xb<'a> {
    Str(&'a str),
    Num(f64),
}

fn biff12(out: &mut Vec<u8>, typ: u16, payload: &[u8]) {
    if typ < 0x80 {
        out.push(typ as u8);
    } else {
        out.push((typ & 0x7F) as u8 | 0x80);
        out.push((typ >> 7) as u8);
    }
    let mut len = payload.len() as u32;
    loop {
        let b = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(payload);
}

fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

/// A one-sheet xlsb written record by record as SheetJS writes it: the first cell of each
/// row in the full form, every other cell in the short forms (no column: the previous
/// one's plus one). Strings alternate between inline (`BrtShortSt`) and shared
/// (`BrtShortIsst`); whole numbers are `BrtShortRk`, others `BrtShortReal`; an empty
/// string is a `BrtShortBlank`.
pub fn xlsb_sheetjs(path: &Path, sheet_name: &str, rows: &[Vec<Xb>]) {
    let style = [0u8; 4];
    let mut sst: Vec<String> = Vec::new();
    let mut sheet = Vec::new();
    biff12(&mut sheet, 0x81, &[]);
    let cols = rows.iter().map(Vec::len).max().unwrap_or(1) as u32;
    let dim: Vec<u8> = [0, rows.len() as u32 - 1, 0, cols - 1]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    biff12(&mut sheet, 0x94, &dim);
    biff12(&mut sheet, 0x91, &[]);
    let mut n = 0;
    for (r, row) in rows.iter().enumerate() {
        let mut hdr = (r as u32).to_le_bytes().to_vec();
        hdr.extend([0u8; 13]);
        biff12(&mut sheet, 0x00, &hdr);
        for (c, cell) in row.iter().enumerate() {
            let full = c == 0;
            let mut p = if full {
                (c as u32).to_le_bytes().to_vec()
            } else {
                Vec::new()
            };
            p.extend(style);
            n += 1;
            let typ = match cell {
                Xb::Str("") => 0x01,
                Xb::Str(s) if full || n % 2 == 0 => {
                    p.extend(wide(s));
                    0x06
                }
                Xb::Str(s) => {
                    p.extend((sst.len() as u32).to_le_bytes());
                    sst.push(s.to_string());
                    0x07
                }
                Xb::Num(v) if v.fract() == 0.0 && v.abs() < 1e8 && !full => {
                    p.extend((((*v as i32) << 2) | 2).to_le_bytes());
                    0x02
                }
                Xb::Num(v) => {
                    p.extend(v.to_le_bytes());
                    0x05
                }
            };
            // Short forms: BrtShortBlank (12) … BrtShortIsst (18) are ids 1–7 plus 11.
            biff12(&mut sheet, if full { typ } else { typ + 11 }, &p);
        }
    }
    biff12(&mut sheet, 0x92, &[]);
    biff12(&mut sheet, 0x82, &[]);

    let mut strings = Vec::new();
    let counts: Vec<u8> = [sst.len() as u32, sst.len() as u32]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    biff12(&mut strings, 0x9F, &counts);
    for s in &sst {
        let mut p = vec![0u8];
        p.extend(wide(s));
        biff12(&mut strings, 0x13, &p);
    }
    biff12(&mut strings, 0xA0, &[]);

    let mut book = Vec::new();
    biff12(&mut book, 0x83, &[]);
    biff12(&mut book, 0x8F, &[]);
    let mut sh = 0u32.to_le_bytes().to_vec();
    sh.extend(1u32.to_le_bytes());
    sh.extend(wide("rId1"));
    sh.extend(wide(sheet_name));
    biff12(&mut book, 0x9C, &sh);
    biff12(&mut book, 0x90, &[]);
    biff12(&mut book, 0x84, &[]);

    let types = r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/><Override PartName="/xl/sharedStrings.bin" ContentType="application/vnd.ms-excel.sharedStrings"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#;
    let book_rels = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.bin"/></Relationships>"#;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    write_zip(
        path,
        &[
            ("[Content_Types].xml", types.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("xl/workbook.bin", &book),
            ("xl/_rels/workbook.bin.rels", book_rels.as_bytes()),
            ("xl/worksheets/sheet1.bin", &sheet),
            ("xl/sharedStrings.bin", &strings),
        ],
    );
}

/// An Excel 2003 XML spreadsheet (SpreadsheetML 2003), as "XML 表格 2003" saves it: `rows`
/// are the `<Row>` elements' inner XML of one worksheet, after a hidden sheet.
pub fn xml2003(sheet_name: &str, rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office"><Author>x</Author></DocumentProperties>
 <Styles><Style ss:ID="Default" ss:Name="Normal"><Font ss:FontName="宋体" x:CharSet="134" ss:Size="11"/></Style></Styles>
 <Worksheet ss:Name="{sheet_name}">
  <Table>
{rows}
  </Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Selected/></WorksheetOptions>
 </Worksheet>
 <Worksheet ss:Name="说明">
  <Table><Row><Cell><Data ss:Type="String">内部使用</Data></Cell></Row></Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions>
 </Worksheet>
</Workbook>
"#
    )
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
