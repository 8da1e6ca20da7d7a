//! The `ssj` command: plans, checks and reports double-random inspections.
//! See `ssj --help` and `docs/cli.md`.

use clap::FromArgMatches;

fn main() {
    let matches = ssj::cli::command().get_matches();
    let cli = ssj::cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = ssj::cli::run(cli, &mut stdout) {
        eprintln!("ssj: {e}");
        std::process::exit(e.exit_code());
    }
}
