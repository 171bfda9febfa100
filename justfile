# The single entry point for the dev loop (https://github.com/casey/just). Without `just`,
# run the commands below by hand; `.ci/run` is what CI runs.

# fmt, clippy and every test (what CI runs)
check:
    ./.ci/run

# the decision corpus through the engine and the CLI
corpus:
    cargo test -p portcullis-engine --test it corpus
    cargo test -p portcullis-cli --test it corpus

# a cargo-fuzz target for N seconds, e.g. `just fuzz portcullis-policy policy_yaml 60`
fuzz crate target secs="60":
    cd crates/{{crate}}/fuzz && cargo +nightly fuzz run {{target}} -- -max_total_time={{secs}}

# the shared benchmark, side by side with edictum (see docs/benchmarks.md)
bench:
    cargo build --release -p portcullis-cli
    target/release/portcullis bench --policy testdata/bench/edictum_bundle.yaml --input testdata/bench/corpus.jsonl --reps 3 --json
