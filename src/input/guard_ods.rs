//! Guard for ods before calamine opens it: calamine 0.38 reads a sheet (`read_table` in its
//! `ods.rs`) until the sheet's end tag and takes the end of the XML for "nothing yet", so a
//! `content.xml` that ends inside a `<table:table>` (a truncated or damaged file) makes it
//! loop for ever — the reading child is then stopped only by `max_seconds_per_file`, and a
//! 23 KB file costs the clerk two minutes. Such a file is refused at once.
//!
//! The part is read as calamine reads it (end names not checked, empty elements expanded),
//! and the sheet is followed as calamine follows it: its end tag counts only outside a cell,
//! whose content calamine skips whole. Anything calamine would stop on by itself (an XML
//! error, a missing part) is left to calamine.

use std::io::{BufReader, Cursor};

use quick_xml::events::Event;

use super::ReadError;

pub(crate) fn check_sheets_end(bytes: &[u8]) -> Result<(), ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(part) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::with_capacity(64 * 1024, part));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let (mut in_sheet, mut cells) = (false, 0usize);
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.name().as_ref() {
                "table:table" if !in_sheet => in_sheet = true,
                "table:table-cell" | "table:covered-table-cell" if in_sheet => cells += 1,
                _ => {}
            },
            Ok(Event::End(e)) if in_sheet => match e.name().as_ref() {
                "table:table" if cells == 0 => in_sheet = false,
                "table:table-cell" | "table:covered-table-cell" => cells = cells.saturating_sub(1),
                _ => {}
            },
            Ok(Event::Eof) if in_sheet => {
                return Err(ReadError::Corrupt(
                    "a sheet in content.xml never ends: the file is truncated or damaged".into(),
                ))
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn ods(content: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("mimetype", opts).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("content.xml", opts).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    /// `content` with the end tag at `at` turned into `<:table>`.
    fn damaged(content: &str, at: usize) -> String {
        format!(
            "{}<:table>{}",
            &content[..at],
            &content[at + "</table:table>".len()..]
        )
    }

    const HEAD: &str = "<office:document-content><office:body><office:spreadsheet>";
    const ROW: &str = "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>社区</text:p></table:table-cell><table:table-cell/></table:table-row>";

    #[test]
    fn a_sheet_that_never_ends_is_refused_and_the_rest_left_to_calamine() {
        let whole = format!(
            "{HEAD}<table:table table:name=\"a\">{ROW}</table:table><table:table table:name=\"b\">{ROW}</table:table></office:spreadsheet></office:body></office:document-content>"
        );
        // (content, refused)
        let cases = [
            (whole.clone(), false),
            // The fuzzed file: the last sheet's end tag damaged, the rest of the part there.
            (damaged(&whole, whole.rfind("</table:table>").unwrap()), true),
            // The first one damaged: calamine reads on into the second sheet and ends there.
            (damaged(&whole, whole.find("</table:table>").unwrap()), false),
            // Cut inside the second sheet.
            (whole[..whole.rfind(ROW).unwrap()].to_string(), true),
            // The end tag inside a cell is skipped with the cell, as calamine skips it.
            (
                format!("{HEAD}<table:table><table:table-row><table:table-cell></table:table></table:table-cell></table:table-row>"),
                true,
            ),
            // Attributes are not read on the way: still a sheet that never ends.
            (format!("{HEAD}<table:table><a b=>"), true),
            // No sheet at all; an XML error; not a zip: calamine says what is wrong.
            (format!("{HEAD}</office:spreadsheet>"), false),
            (format!("{HEAD}<table:table><?pi"), false),
        ];
        for (content, refused) in cases {
            let got = check_sheets_end(&ods(&content));
            assert_eq!(got.is_err(), refused, "{content}");
        }
        assert!(check_sheets_end(b"not a zip").is_ok());
    }
}
