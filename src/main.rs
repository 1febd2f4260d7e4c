use clap::Parser;

fn main() {
    gridreport::reading::main_hook();
    let cli = gridreport::cli::Cli::parse();
    match gridreport::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(gridreport::cli::Fail(msg)) => {
            eprintln!("gridreport: {msg}");
            std::process::exit(2);
        }
    }
}

/// mimalloc, with a memory budget in reading children (`gridreport::alloc`).
#[global_allocator]
static GLOBAL: gridreport::alloc::Allocator = gridreport::alloc::Allocator;
