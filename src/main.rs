//! The `huimin` binary: everything is in the library (`huimin::run`), so tests and the
//! binary share one code path.

fn main() -> std::process::ExitCode {
    huimin::run()
}
