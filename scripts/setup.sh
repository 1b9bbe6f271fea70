#!/usr/bin/env bash
# Set up the project in .venv on a fresh machine: CPU torch first, then a portable llama.cpp build,
# then the package. Safe to re-run; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
# An unpinned torch would pull a multi-GB CUDA build; 2.13.0 is a CPU build on local disk.
python -m pip install -q torch==2.13.0
# llama-cpp-python built natively segfaults on the first decode on this CPU; build it portable.
export CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX512=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_TILE=OFF"
if ! python -c "import llama_cpp" 2>/dev/null; then
  python -m pip install 'llama-cpp-python[server]>=0.3.7'
fi
python -m pip install -q -e '.[dev]'
# A native build may sit in pip's wheel cache (the cache ignores CMAKE_ARGS): check one real decode.
if ! python -m assistant.llm_server --smoke-test; then
  echo "llama.cpp failed its decode check; rebuilding it portable without pip's cache" >&2
  python -m pip install --no-cache-dir --force-reinstall --no-deps 'llama-cpp-python[server]>=0.3.7'
  python -m assistant.llm_server --smoke-test
fi
