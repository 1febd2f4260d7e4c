//! The files scripts/dist.sh packages for Windows: 生成报告.bat must survive its conversion
//! to GBK (code page 936), and everything before its `chcp 936` must be ASCII, which cmd.exe
//! reads alike in any code page.

#[test]
fn the_bat_is_gbk_safe() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/dist/make-report.bat");
    let text = std::fs::read_to_string(path).unwrap();
    let (_, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "a character of {path} has no GBK code");
    let chcp = text.find("chcp 936").expect("chcp 936");
    assert!(text[..chcp].is_ascii(), "non-ASCII before chcp 936");
    assert!(!text.contains('\r'), "kept with LF; dist.sh writes CRLF");
    // The report folder and the unattended switch the docs and dist.sh rely on.
    for w in [
        "汇总报告",
        "GRIDREPORT_UNATTENDED",
        "%~dp0gridreport.exe",
        "exit /b %RC%",
    ] {
        assert!(text.contains(w), "{w}");
    }
}
