//! Tests whose point is the exact output, in the shape of mdBook's testsuite: each case is a
//! fixture folder under `tests/fixtures/`, copied to a temp folder, run through the real
//! binary, and compared with the files in the fixture's `expected/` folder (stderr with the
//! temp path redacted, chosen output files).
//!
//! To accept new output after an intended change: `HUIMIN_BLESS=1 cargo test --test testsuite`,
//! then read the diff of `tests/fixtures/*/expected/` before committing it.

mod helper;
mod mistakes;
mod outputs;
mod positions;
mod themes;
