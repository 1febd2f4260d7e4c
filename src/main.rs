use clap::Parser;

fn main() {
    gridreport::input::isolate::main_hook();
    gridreport::memory::return_freed_memory();
    let cli = gridreport::cli::Cli::parse();
    match gridreport::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(gridreport::cli::Fail(msg)) => {
            eprintln!("gridreport: {msg}");
            std::process::exit(2);
        }
    }
}
