use clap::Parser;

fn main() {
    gridreport::input::isolate::main_hook();
    let cli = gridreport::cli::Cli::parse();
    match gridreport::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(gridreport::cli::Fail(msg)) => {
            eprintln!("gridreport: {msg}");
            std::process::exit(2);
        }
    }
}

/// mimalloc, or the system allocator in a reading child (`gridreport::alloc`).
#[cfg(unix)]
#[global_allocator]
static GLOBAL: gridreport::alloc::Allocator = gridreport::alloc::Allocator;
