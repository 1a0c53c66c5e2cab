//! The README's examples are this build's output: every `console` block in README.md is run
//! against the `tema` binary and must print what the README shows (`...` stands for lines left
//! out, `[..]` for part of a line). After a change of output, `TRYCMD=overwrite cargo test
//! --release --test readme` rewrites the blocks; read the diff before committing it.

#[test]
fn readme_examples_are_this_builds_output() {
    trycmd::TestCases::new()
        .register_bin("tema", trycmd::cargo::cargo_bin("tema"))
        .case("README.md");
}
