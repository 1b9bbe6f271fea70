"""The CLI through its real entry point (python -m assistant), on the session's temporary index."""
import json
import os
import subprocess
import sys

import pytest

from assistant.settings import ROOT


@pytest.fixture(scope="module")
def run(full_settings):
    env = dict(os.environ, ASSISTANT_INDEX_DIR=str(full_settings.index_dir), ASSISTANT_LLM_MODE="none",
               OPENAI_API_KEY="sk-secret-do-not-print")

    def _run(*args, check=True):
        r = subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                           env=env, cwd=ROOT, timeout=300)
        if check:
            assert r.returncode == 0, r.stderr[-2000:]
        return r
    return _run


def test_stats_json(run):
    out = json.loads(run("stats", "--json").stdout)
    assert out["papers"] == 624 and out["chunks"] >= 624
    assert out["embedding_model"] == "all-MiniLM-L6-v2" and out["index_path"]


def test_config_masks_secrets(run):
    r = run("config")
    assert "sk-secret-do-not-print" not in r.stdout + r.stderr
    assert json.loads(r.stdout)["openai_api_key"] == "****"


def test_reingest_of_unchanged_corpus_embeds_nothing(run):
    r = run("ingest", "--quiet")
    assert "embedded 0," in r.stdout


def test_ask_json_and_format(run):
    rec = json.loads(run("ask", "Which paper proposes GPTQ?", "--json").stdout)
    assert rec["cited"][0].startswith("GPTQ") and rec["abstained"] is False
    bib = run("ask", "Which paper proposes GPTQ?", "--format", "bibtex").stdout
    assert bib.lstrip().startswith("@misc{")


def test_eval_writes_the_results_file(run, tmp_path):
    qs = tmp_path / "q.jsonl"
    rows = [{"id": "a", "type": "lookup", "question": "Which paper proposes GPTQ?", "gold": []},
            {"id": "b", "type": "unanswerable", "question": "Which paper predicts earthquakes from seismometer waveforms?", "gold": []}]
    qs.write_text("\n".join(json.dumps(r) for r in rows))
    out = tmp_path / "r.jsonl"
    run("eval", str(qs), "--out", str(out))
    res = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in res] == ["a", "b"]
    for r in res:
        assert len(r["retrieved"]) >= 20 and {"cited", "abstained", "answer", "unresolved_citations",
                                              "timings_ms", "supported_sentences"} <= set(r)
        assert {"retrieve", "total"} <= set(r["timings_ms"])
    assert res[1]["abstained"] and res[1]["cited"] == []


def test_missing_index_is_a_clear_error(run, tmp_path):
    env_dir = tmp_path / "nothing"
    r = subprocess.run([sys.executable, "-m", "assistant", "stats"], capture_output=True, text=True,
                       env=dict(os.environ, ASSISTANT_INDEX_DIR=str(env_dir)), cwd=ROOT, timeout=120)
    assert r.returncode == 2 and "run `python -m assistant ingest`" in r.stderr
    assert "Traceback" not in r.stderr
