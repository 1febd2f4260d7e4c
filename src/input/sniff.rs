//! Tell a file's format by its content (SPEC §1), not by its extension.

use std::io::{Cursor, Read};

use super::{LimitKind, ReadError};

/// What the bytes of a file are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Content {
    /// Office Open XML workbook (xlsx, xlsm).
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// OpenDocument spreadsheet.
    Ods,
    /// Excel 97–2003 (BIFF in an OLE2 container), also WPS `.et`.
    Xls,
    /// Excel 2003 XML spreadsheet (SpreadsheetML 2003), often saved as `.xls`.
    Xml2003,
    /// Delimited text (CSV / TSV), any of the encodings `delimited` reads.
    Text,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const MB: u64 = 1024 * 1024;

/// Look at the bytes and say what they are. Zip containers are checked against
/// `max_uncompressed_mb` from their central directory before anything is inflated.
pub(crate) fn sniff(bytes: &[u8], max_uncompressed_mb: u64) -> Result<Content, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return sniff_zip(bytes, max_uncompressed_mb);
    }
    if bytes.starts_with(EMPTY_ZIP_MAGIC) {
        return Err(ReadError::UnknownFormat);
    }
    if bytes.starts_with(OLE2_MAGIC) {
        return if is_encrypted_ooxml(bytes) {
            Err(ReadError::Encrypted)
        } else {
            Ok(Content::Xls)
        };
    }
    match markup(bytes) {
        Some(Markup::WebPage) => return Err(ReadError::WebPage),
        Some(Markup::Xml2003) => return Ok(Content::Xml2003),
        None => {}
    }
    if is_text(bytes) {
        return Ok(Content::Text);
    }
    Err(ReadError::UnknownFormat)
}

fn sniff_zip(bytes: &[u8], max_uncompressed_mb: u64) -> Result<Content, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::Corrupt(format!("zip: {e}")))?;
    let total = uncompressed_size(&mut zip);
    let limit = max_uncompressed_mb.saturating_mul(MB);
    if total > u128::from(limit) {
        let found = u64::try_from(total.div_ceil(u128::from(MB))).unwrap_or(u64::MAX);
        return Err(ReadError::Limit {
            what: LimitKind::UncompressedMb,
            found,
            limit: max_uncompressed_mb,
        });
    }
    // Some writers use `\` separators or other letter cases; calamine copes with those.
    let names: std::collections::BTreeSet<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.replace('\\', "/").to_ascii_lowercase())
        .collect();
    if names.contains("xl/workbook.bin") {
        return Ok(Content::Xlsb);
    }
    if names.contains("xl/workbook.xml") {
        return Ok(Content::Xlsx);
    }
    if names.contains("content.xml") {
        let mime = read_small(&mut zip, "mimetype", 256);
        // Some producers leave the mimetype out; the manifest still says what it is.
        let manifest = if mime.is_empty() {
            read_small(&mut zip, "META-INF/manifest.xml", 1 << 20)
        } else {
            Vec::new()
        };
        if contains(&mime, b"opendocument.spreadsheet")
            || contains(&manifest, b"opendocument.spreadsheet")
        {
            return Ok(Content::Ods);
        }
    }
    // A workbook whose main part lives elsewhere: trust the content types.
    let types = read_small(&mut zip, "[Content_Types].xml", 1 << 20);
    if contains(&types, b"spreadsheetml.sheet.main")
        || contains(&types, b"ms-excel.sheet.macroEnabled.main")
    {
        return Ok(Content::Xlsx);
    }
    Err(ReadError::UnknownFormat)
}

/// The sum of the uncompressed sizes the central directory declares.
fn uncompressed_size<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> u128 {
    if let Some(total) = zip.decompressed_size() {
        return total;
    }
    // Some entries use data descriptors; their central directory sizes are still there.
    let mut total = 0u128;
    for i in 0..zip.len() {
        if let Ok(f) = zip.by_index_raw(i) {
            total = total.saturating_add(u128::from(f.size()));
        }
    }
    total
}

/// Up to `max` inflated bytes of one zip entry; empty when it is missing or broken.
fn read_small<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    max: u64,
) -> Vec<u8> {
    let mut out = Vec::new();
    if let Ok(f) = zip.by_name(name) {
        let _ = f.take(max).read_to_end(&mut out);
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// An OLE2 file holding an `EncryptedPackage` / `EncryptionInfo` stream is a
/// password-protected xlsx (the directory stores names in UTF-16LE).
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let utf16 = |s: &str| {
        s.encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect::<Vec<u8>>()
    };
    contains(bytes, &utf16("EncryptedPackage")) || contains(bytes, &utf16("EncryptionInfo"))
}

/// An xls whose workbook stream starts with BOF then FILEPASS is encrypted or obfuscated
/// (calamine only reports the RC4 kinds as password-protected; XOR obfuscation otherwise
/// shows up as garbage). The stream starts on a sector boundary, so the two records are
/// contiguous in the file.
pub(crate) fn xls_has_filepass(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(p) = bytes
        .get(i..)
        .and_then(|rest| rest.windows(2).position(|w| w == [0x09, 0x08]))
    {
        let at = i + p;
        // BOF: type 0x0809, its length (8 in BIFF5, 16 in BIFF8), then the next record.
        if let Some(l) = bytes.get(at + 2..at + 4) {
            let len = usize::from(u16::from_le_bytes([l[0], l[1]]));
            let next = at + 4 + len;
            if (len == 8 || len == 16) && bytes.get(next..next + 2) == Some(&[0x2F, 0x00][..]) {
                return true;
            }
        }
        i = at + 1;
    }
    false
}

/// The first bytes, decoded enough to look at the start of the text.
fn head_text(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(4096)];
    if let Some(text) = utf16_text(head) {
        return text;
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    String::from_utf8_lossy(head).into_owned()
}

/// Text that is markup a spreadsheet program wrote: a web page or an Excel 2003 XML workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Markup {
    /// An HTML page (Excel's and WPS's "web page" export, the `mso-number-format` trick, a
    /// report system's HTML table) or a single-file web page (MHTML).
    WebPage,
    /// SpreadsheetML 2003: `<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`.
    Xml2003,
}

/// The first element's names that make a text a web page.
const HTML_TAGS: [&str; 22] = [
    "html", "head", "body", "meta", "style", "table", "title", "link", "script", "div", "span",
    "p", "br", "font", "tr", "td", "th", "thead", "tbody", "base", "center", "xml",
];

/// What markup the text starts with (after a BOM, white space, the XML declaration,
/// processing instructions and comments), if any.
fn markup(bytes: &[u8]) -> Option<Markup> {
    let text = head_text(bytes);
    let mut rest = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .to_lowercase();
    if is_mhtml(&rest) {
        return Some(Markup::WebPage);
    }
    // Skip the prolog: `<?…?>`, `<!--…-->`, a doctype other than HTML's.
    loop {
        rest = rest.trim_start().to_string();
        let end = if rest.starts_with("<?") {
            rest.find("?>").map(|i| i + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|i| i + 3)
        } else if rest.starts_with("<!doctype") && !rest.starts_with("<!doctype html") {
            rest.find('>').map(|i| i + 1)
        } else {
            break;
        };
        // A prolog that does not end in the first 4 KB: look no further.
        let end = end?;
        rest = rest[end..].to_string();
    }
    if rest.starts_with("<!doctype html") {
        return Some(Markup::WebPage);
    }
    let tag = rest.strip_prefix('<')?;
    let name: String = tag
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
        .collect();
    let local = name.rsplit(':').next().unwrap_or("");
    if local == "workbook" && text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        return Some(Markup::Xml2003);
    }
    HTML_TAGS.contains(&local).then_some(Markup::WebPage)
}

/// Excel's "single file web page" (`.mht`): mail-style headers with `MIME-Version` and a
/// `multipart/related` body. `head` is lower-cased.
fn is_mhtml(head: &str) -> bool {
    let headers = head
        .split("\n\n")
        .next()
        .unwrap_or("")
        .split("\r\n\r\n")
        .next()
        .unwrap_or("");
    headers
        .lines()
        .any(|l| l.trim_start().starts_with("mime-version:"))
        && head.contains("multipart/related")
}

/// UTF-16 text, decoded: with a BOM, or without one when the start looks like UTF-16
/// (every other byte NUL, on one side only, as in mostly-ASCII text). `None` otherwise.
pub(crate) fn utf16_text(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Some(
            encoding_rs::UTF_16LE
                .decode_with_bom_removal(bytes)
                .0
                .into_owned(),
        );
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(
            encoding_rs::UTF_16BE
                .decode_with_bom_removal(bytes)
                .0
                .into_owned(),
        );
    }
    utf16_without_bom(bytes).map(|enc| enc.decode_without_bom_handling(bytes).0.into_owned())
}

fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(1024) & !1];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let nul_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let nul_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // A few NULs on the other side come from characters such as U+4E00 or U+0100.
    if nul_odd * 2 >= pairs && nul_even * 8 <= nul_odd {
        Some(encoding_rs::UTF_16LE)
    } else if nul_even * 2 >= pairs && nul_odd * 8 <= nul_even {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Text that `delimited` can read: UTF-16, or no NUL bytes and no control characters other
/// than tab, CR, LF, FF and ESC in the first 8 KB.
fn is_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || utf16_without_bom(bytes).is_some()
    {
        return true;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return false;
    }
    // Control characters other than tab, CR, LF, FF and ESC do not occur in text.
    if head
        .iter()
        .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
    {
        return false;
    }
    // Whatever the bytes above 0x7F are, `delimited` decodes them (UTF-8, else GB18030,
    // lossily when even that fails): a Latin-1 export is still read rather than refused.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_content() {
        assert_eq!(sniff(b"", 800), Err(ReadError::Empty));
        assert_eq!(sniff(b"a,b\n1,2\n", 800), Ok(Content::Text));
        assert_eq!(
            sniff("\u{feff}社区\t户号\n".as_bytes(), 800),
            Ok(Content::Text)
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("社区;户号\n城东;1\n");
        assert_eq!(sniff(&gbk, 800), Ok(Content::Text));
        assert_eq!(
            sniff(b"  <!DOCTYPE HTML><html>", 800),
            Err(ReadError::WebPage)
        );
        assert_eq!(
            sniff(b"\xEF\xBB\xBF<table><tr>", 800),
            Err(ReadError::WebPage)
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<html xmlns=\"x\">", 800),
            Err(ReadError::WebPage)
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<Workbook>", 800),
            Ok(Content::Text)
        );
        assert_eq!(
            sniff(
                b"<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">",
                800
            ),
            Ok(Content::Xml2003)
        );
        assert_eq!(
            sniff(&[0x00, 0x01, 0x02, 0xFF, 0x10, 0x80], 800),
            Err(ReadError::UnknownFormat)
        );
        assert_eq!(sniff(EMPTY_ZIP_MAGIC, 800), Err(ReadError::UnknownFormat));
        let mut ole = OLE2_MAGIC.to_vec();
        ole.extend_from_slice(&[0; 100]);
        assert_eq!(sniff(&ole, 800), Ok(Content::Xls));
        ole.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(sniff(&ole, 800), Err(ReadError::Encrypted));
        let mut biff = vec![0u8; 512];
        biff.extend([0x09, 0x08, 0x10, 0x00]);
        biff.extend([0u8; 16]);
        assert!(!xls_has_filepass(&biff));
        biff.extend([0x2F, 0x00, 0x06, 0x00]);
        assert!(xls_has_filepass(&biff));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a\tb\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(sniff(&utf16, 800), Ok(Content::Text));
        let utf16be: Vec<u8> = "a,b\n1,2\n"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(utf16_text(&utf16be).as_deref(), Some("a,b\n1,2\n"));
        let cjk: Vec<u8> = "一,社区,户号\n城东,1,2\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(
            utf16_text(&cjk).as_deref(),
            Some("一,社区,户号\n城东,1,2\n")
        );
        assert_eq!(sniff(b"caf\xe9,1\n", 800), Ok(Content::Text));
        assert_eq!(
            sniff(b"a,b,c,d\x00e,f\n", 800),
            Err(ReadError::UnknownFormat)
        );
    }

    #[test]
    fn web_pages_in_every_disguise() {
        let utf16 = |s: &str| -> Vec<u8> {
            [0xFF, 0xFE]
                .into_iter()
                .chain(s.encode_utf16().flat_map(|u| u.to_le_bytes()))
                .collect()
        };
        let pages: Vec<Vec<u8>> = vec![
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><table>".to_vec(),
            b"<style>.x{mso-number-format:\"\\@\";}</style><table><tr><td>1</td></tr></table>".to_vec(),
            b"<head><title>t</title></head>".to_vec(),
            b"\r\n  <BODY><TABLE>".to_vec(),
            b"<!-- saved from url=(0014)about:internet -->\n<html>".to_vec(),
            b"<!-- a comment --><meta charset=utf-8>".to_vec(),
            b"\xEF\xBB\xBF  \n<Meta charset=utf-8>".to_vec(),
            utf16("<html><body><table></table></body></html>"),
            b"<?xml version=\"1.0\"?><!-- x --><html xmlns:o=\"urn:schemas-microsoft-com:office:office\">".to_vec(),
            b"MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01D5\"\r\n\r\nThis document is a Single File Web Page".to_vec(),
            b"From: <Saved by Microsoft Excel>\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/related;\n\tboundary=\"b\"\n\n--b\n".to_vec(),
        ];
        for p in pages {
            assert_eq!(
                sniff(&p, 800),
                Err(ReadError::WebPage),
                "{}",
                String::from_utf8_lossy(&p)
            );
        }
        // Text that only mentions markup is still text.
        for t in [
            &b"name,html\n<b>,1\n"[..],
            b"MIME-Version,Content-Type\n1,multipart/related\n",
            b"<!-- note -->\na,b\n1,2\n",
            b"<x>,1\n",
        ] {
            assert_eq!(
                sniff(t, 800),
                Ok(Content::Text),
                "{}",
                String::from_utf8_lossy(t)
            );
        }
    }
}
