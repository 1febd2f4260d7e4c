//! A tiny SMTP server on loopback that records what it is sent (for the mail tests).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use base64::Engine;

/// One message as the sink got it.
#[derive(Clone, Debug)]
pub struct Got {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

/// What the sink got, shared with the test.
pub type Inbox = Arc<Mutex<Vec<Got>>>;

/// A tiny SMTP server on 127.0.0.1 (HELO/EHLO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT)
/// that records what it is sent. Returns its port.
pub fn sink() -> (u16, Inbox) {
    let (port, got, _) = sink_with_auth();
    (port, got)
}

/// The same sink, offering `AUTH PLAIN` (no STARTTLS), and the `AUTH` lines it was sent.
pub fn sink_with_auth() -> (u16, Inbox, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = Arc::new(Mutex::new(Vec::new()));
    let auths = Arc::new(Mutex::new(Vec::new()));
    let (store, logins) = (got.clone(), auths.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(50) {
            let Ok(stream) = stream else { break };
            let _ = session(stream, &store, &logins);
        }
    });
    (port, got, auths)
}

fn session(
    stream: TcpStream,
    store: &Mutex<Vec<Got>>,
    auths: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut w = stream.try_clone()?;
    let mut r = BufReader::new(stream);
    w.write_all(b"220 sink ESMTP\r\n")?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_string();
        let upper = cmd.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            w.write_all(b"250-sink\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n")?;
        } else if upper.starts_with("AUTH ") {
            auths.lock().unwrap().push(cmd.clone());
            w.write_all(b"235 ok\r\n")?;
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            w.write_all(b"250 ok\r\n")?;
        } else if upper.starts_with("RSET") {
            from.clear();
            to.clear();
            w.write_all(b"250 ok\r\n")?;
        } else if upper.starts_with("MAIL FROM:") {
            from = cmd[10..].trim().to_string();
            w.write_all(b"250 ok\r\n")?;
        } else if upper.starts_with("RCPT TO:") {
            to.push(cmd[8..].trim().to_string());
            w.write_all(b"250 ok\r\n")?;
        } else if upper == "DATA" {
            w.write_all(b"354 go ahead\r\n")?;
            let mut data = String::new();
            loop {
                line.clear();
                if r.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                // Undo dot-stuffing.
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            store.lock().unwrap().push(Got {
                from: from.clone(),
                to: std::mem::take(&mut to),
                data,
            });
            w.write_all(b"250 queued\r\n")?;
        } else if upper.starts_with("QUIT") {
            w.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            w.write_all(b"502 not implemented\r\n")?;
        }
    }
}

/// The attachment of a message: the base64 body of its xlsx part, decoded.
pub fn attachment(data: &str) -> Vec<u8> {
    let at = data
        .find("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .expect("an xlsx part");
    let part = &data[at..];
    let body_at = part.find("\r\n\r\n").expect("a part body") + 4;
    let body = &part[body_at..];
    let end = body.find("\r\n--").unwrap_or(body.len());
    let b64: String = body[..end].split_whitespace().collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("base64")
}

/// The text part of a message, decoded.
pub fn text_body(data: &str) -> String {
    let at = data.find("Content-Type: text/plain").expect("a text part");
    let part = &data[at..];
    let start = part.find("\r\n\r\n").expect("a part body") + 4;
    let end = part[start..].find("\r\n--").expect("the part's end") + start;
    let b64: String = part[start..end].split_whitespace().collect();
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("base64"),
    )
    .expect("UTF-8")
}
