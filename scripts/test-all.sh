#!/usr/bin/env bash
# The whole test suite, what .ci/run runs: the Rust tests, then the Python package's and
# the Spark tests (python/tests). Needs cargo, python3 (3.10+) and Java 17+ for Spark; it
# installs the Python side's tools (python/requirements-test.txt) with pip into a
# virtualenv under target/, and builds the wheel there with maturin.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --release --locked
# The API docs build without broken or private links (`cargo doc` only warns on them).
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked --quiet

venv=target/py-venv
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r python/requirements-test.txt
rm -rf target/wheels
"$venv/bin/maturin" build --quiet --release --locked -m python/Cargo.toml \
  --interpreter "$venv/bin/python" -o target/wheels
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall \
  --no-deps target/wheels/stancer-*.whl

# Spark binds to loopback only; STANCER_REQUIRE_SPARK makes a missing pyspark or Java fail
# the run instead of skipping its tests.
export SPARK_LOCAL_IP=127.0.0.1 STANCER_REQUIRE_SPARK=1 STANCER_BIN="$PWD/target/release/stancer"
"$venv/bin/python" -m pytest -q python/tests
