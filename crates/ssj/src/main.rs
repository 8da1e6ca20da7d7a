//! The `ssj` command: plans, checks and reports double-random inspections.
//! See `ssj --help` and `docs/cli.md`.

use clap::FromArgMatches;

// A national plan makes and frees tens of millions of small strings on
// both cores; mimalloc's per-thread heaps take 10–20 % off the plan, the
// check and the verify against glibc's malloc (docs/performance.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // As the OS gives them: a folder named in GBK is not UTF-8, and clap
    // reads it; only `--lang zh` is looked for here.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let matches = ssj::cli::command_in(ssj::cli::lang_asked(&args)).get_matches();
    let cli = ssj::cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    if let Some(lang) = ssj::cli::lang(&matches) {
        ssj::output::set_lang(lang.into());
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = ssj::cli::run(cli, &mut stdout) {
        ssj::output::to_stderr(&ssj::output::error_line(&e));
        std::process::exit(e.exit_code());
    }
}
