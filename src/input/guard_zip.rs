//! Guard for xlsx before calamine opens it: calamine 0.38 reserves room for as many shared
//! strings as `<sst uniqueCount="…">` says (its issue #684: an 8 KB file asking for
//! terabytes aborts the process). A count the part cannot possibly hold is refused.
//!
//! The other xlsx allocations are bounded elsewhere: the zip directory's sizes in `sniff`,
//! and the cells' bounding box in `sheet_build` (calamine's issue #693, cells at A1 and
//! XFD1048576, allocates only in `worksheet_range`, which is not used).

use std::io::{Cursor, Read};

use super::ReadError;

/// The smallest shared string entry, `<si/>`.
const MIN_ENTRY_BYTES: u64 = 5;

pub(crate) fn check_shared_strings(bytes: &[u8]) -> Result<(), ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| {
            n.replace('\\', "/")
                .to_ascii_lowercase()
                .ends_with("sharedstrings.xml")
        })
        .map(|n| n.into_owned())
        .collect();
    for name in names {
        let Ok(part) = zip.by_name(&name) else {
            continue;
        };
        let room = part.size() / MIN_ENTRY_BYTES + 1;
        if let Some(count) = head_count(part) {
            if count > u128::from(room) {
                return Err(ReadError::Corrupt(format!(
                    "the shared strings table says it holds {count} strings, \
                     but it has room for at most {room}"
                )));
            }
        }
    }
    Ok(())
}

/// The `uniqueCount` of the part's first `<sst>` start tag, found as calamine finds it (the
/// first start tag named `sst`, comments and other elements before it skipped), reading
/// the part a little at a time: the tag is nearly always in its first few hundred bytes.
fn head_count(part: impl Read) -> Option<u128> {
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::with_capacity(4096, part));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                let value = e.try_get_attribute("uniqueCount").ok()??;
                return count_of(value.value.as_bytes());
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// A `uniqueCount` value as digits (calamine reads it the same way; a value that is not a
/// number is ignored by both).
fn count_of(value: &[u8]) -> Option<u128> {
    let digits = value.trim_ascii();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Longer than any count: certainly too many.
    Some(
        std::str::from_utf8(digits)
            .ok()?
            .parse::<u128>()
            .unwrap_or(u128::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_is_read_across_pieces() {
        let mut xml = b"<?xml version=\"1.0\"?><!-- <sst> -->".to_vec();
        xml.extend(std::iter::repeat_n(b' ', 3000));
        xml.extend_from_slice(b"<sst count=\"3\" uniqueCount=\"123456\"><si>");
        assert_eq!(head_count(&xml[..]), Some(123456));
        assert_eq!(head_count(&b"<sst count=\"3\"><si>"[..]), None);
    }

    #[test]
    fn counts() {
        let count = |xml: &[u8]| head_count(xml);
        assert_eq!(
            count(b"<?xml?><sst xmlns=\"x\" count=\"3\" uniqueCount=\"2\"><si>"),
            Some(2)
        );
        assert_eq!(
            count(b"<x:sst uniqueCount = '99999999999999999999999999999999999999999'>"),
            Some(u128::MAX)
        );
        assert_eq!(count(b"<sst count=\"3\">"), None);
        assert_eq!(count(b"<sst uniqueCount=\"-1\">"), None);
    }
}
