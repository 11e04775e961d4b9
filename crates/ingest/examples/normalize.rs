//! `newsdesk-proxy normalize FILE` without the proxy: the normalized feed
//! of one file as pretty JSON, through exactly the function the proxy's
//! command calls ([`normalize_for_cli`]). `bench/agreement/agreement.py`
//! runs it once per file (a process per file, so a panic or a hang costs
//! one file and is counted), and it builds with the ingest crate alone.
//!
//! ```text
//! cargo run --release -p newsdesk-ingest --example normalize -- FILE [CONTENT_TYPE]
//! ```

use std::process::ExitCode;

use newsdesk_ingest::normalize::normalize_for_cli;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: normalize FILE [CONTENT_TYPE]");
        return ExitCode::from(2);
    };
    let content_type = args.next().map(|c| c.to_string_lossy().into_owned());
    let bytes = match std::fs::read(&file) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("cannot read {}: {error}", file.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    match normalize_for_cli(&bytes, content_type.as_deref(), "agreement") {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}: {error}", file.to_string_lossy());
            ExitCode::FAILURE
        }
    }
}
