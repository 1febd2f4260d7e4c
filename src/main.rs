fn main() {
    gridreport::reading::main_hook();
    // clap with the texts in Chinese or English (`--lang`, GRIDREPORT_LANG): src/cli_text.rs
    let cli = gridreport::cli_text::parse();
    match gridreport::cmd::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(gridreport::cmd::Fail(msg)) => {
            eprintln!("gridreport: {}", gridreport::vocab::text::one_line(&msg));
            std::process::exit(2);
        }
    }
}

/// mimalloc, with a memory budget in reading children (`gridreport::alloc`).
#[global_allocator]
static GLOBAL: gridreport::alloc::Allocator = gridreport::alloc::Allocator;
