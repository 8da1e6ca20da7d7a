//! The `ssj` command: plans, checks and reports double-random inspections.
//! See `ssj --help` and `docs/cli.md`.

use clap::Parser;

fn main() {
    let cli = ssj::cli::Cli::parse();
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = ssj::cli::run(cli, &mut stdout) {
        eprintln!("ssj: {e}");
        std::process::exit(e.exit_code());
    }
}
