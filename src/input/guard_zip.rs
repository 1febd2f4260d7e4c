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
        let mut head = Vec::new();
        if part.take(64 * 1024).read_to_end(&mut head).is_err() {
            continue;
        }
        if let Some(count) = unique_count(&head) {
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

/// The `uniqueCount` attribute of the `<sst …>` start tag, as digits (calamine reads it
/// the same way; a value that is not a number is ignored by both).
fn unique_count(xml: &[u8]) -> Option<u128> {
    let text = String::from_utf8_lossy(xml);
    let start = text.find("<sst").or_else(|| text.find(":sst"))?;
    let tag = &text[start..];
    let tag = &tag[..tag.find('>')?];
    let at = tag.find("uniqueCount")?;
    let rest = tag[at + "uniqueCount".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let value = &value[..value.find(quote)?];
    let digits = value.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Longer than any count: certainly too many.
    Some(digits.parse::<u128>().unwrap_or(u128::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(
            unique_count(b"<?xml?><sst xmlns=\"x\" count=\"3\" uniqueCount=\"2\"><si>"),
            Some(2)
        );
        assert_eq!(
            unique_count(b"<x:sst uniqueCount = '99999999999999999999999999999999999999999'>"),
            Some(u128::MAX)
        );
        assert_eq!(unique_count(b"<sst count=\"3\">"), None);
        assert_eq!(unique_count(b"<sst uniqueCount=\"-1\">"), None);
    }
}
