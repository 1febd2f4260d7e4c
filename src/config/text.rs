//! The text of a config file as Notepad and WPS save it: UTF-8 with or without BOM, UTF-16
//! (LE or BE, with BOM) or "ANSI", which on a Chinese Windows is GBK (read as GB18030).

/// The file's text; bytes that fit no encoding are replaced, never refused.
pub(super) fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return encoding_rs::UTF_16LE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned();
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return encoding_rs::UTF_16BE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_notepad_saves_it() {
        let text = "name = \"圭峰会城街道\"\n[communities]\n\"城东居\" = \"城东社区\"\n";
        let utf16 = |le: bool| -> Vec<u8> {
            let bom: [u8; 2] = if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] };
            bom.into_iter()
                .chain(text.encode_utf16().flat_map(|u| {
                    if le {
                        u.to_le_bytes()
                    } else {
                        u.to_be_bytes()
                    }
                }))
                .collect()
        };
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let bom: Vec<u8> = b"\xEF\xBB\xBF"
            .iter()
            .chain(text.as_bytes())
            .copied()
            .collect();
        for bytes in [
            text.as_bytes().to_vec(),
            bom,
            utf16(true),
            utf16(false),
            gbk.to_vec(),
        ] {
            assert_eq!(decode(&bytes), text);
        }
    }
}
