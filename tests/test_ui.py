"""The Gradio app on a loopback port: a gradio_client test and a real headless Chromium test."""
import os
import shutil
import time
from pathlib import Path

import pytest

from assistant.app import Runtime
from assistant.llm import OpenAICompatibleLLM
from assistant.llm_server import MODEL_ALIAS, free_port, wait_http
from assistant.pipeline import Assistant
from assistant.prompts import load_prompts

ARTIFACTS = Path(__file__).parent.parent / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def app_url(full_settings, retriever, llama_server):
    from assistant.ui import launch

    llm = OpenAICompatibleLLM(llama_server.base_url, MODEL_ALIAS, timeout_s=30.0)
    rt = Runtime(Assistant(full_settings, retriever, llm, load_prompts()), None, f"{MODEL_ALIAS} (test)")
    s = full_settings.model_copy(update={"port": free_port()})
    app = launch(rt, s, block=False)
    yield f"http://127.0.0.1:{s.port}/"
    app.close()


def test_gradio_client_ask_endpoint(app_url, retriever):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    out = client.predict("How do GPTQ and AQLM differ in the way they compress LLM weights?", api_name="/ask")
    corpus = {p.title for p in retriever.papers.values()}
    assert out["kind"] == "compare" and not out["abstained"]
    assert len(out["cited"]) >= 2 and all(t in corpus for t in out["cited"])
    import re
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", out["answer"])}
    assert markers and markers <= set(range(1, len(out["cited"]) + 1))  # every marker shown resolves
    empty = client.predict("   ", api_name="/ask")
    assert "Please type a question" in empty["answer"]


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is required for the browser test (scripts/setup-test.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                              "--disable-background-networking"])
        yield b
        b.close()


def ask(page, question: str) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


def test_browser_chat_streams_cites_and_copies(app_url, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url.rstrip("/"))
    page = ctx.new_page()
    page.goto(app_url)
    page.wait_for_selector("#question textarea")
    # (how fast the answer comes is measured by benchmarks/ui_latency.py, not asserted here: a loaded
    # machine would fail a timed test)
    ask(page, "Which paper speeds up batched LLM decoding when many sequences share a common prompt prefix?")
    page.wait_for_selector("#chat .message.bot, #chat [data-testid='bot']", timeout=60000)
    page.wait_for_selector("#cited-panel li.cited-paper", timeout=120000)
    panel = page.locator("#cited-panel li.cited-paper")
    assert panel.count() >= 1 and "Hydragen" in panel.first.inner_text()
    bot_text = page.locator("#chat").inner_text()
    assert "Hydragen" in bot_text and "References" in bot_text
    # the export box holds the cited list; its copy button puts it on the clipboard
    export = page.locator("#export-text textarea")
    page.wait_for_function("document.querySelector('#export-text textarea').value.length > 0")
    assert export.input_value().startswith("1. Hydragen")
    copy = page.locator("#export-text button[aria-label*='opy'], #export-text button[title*='opy']").first
    assert copy.count() == 1
    copy.click()
    page.wait_for_timeout(300)
    assert page.evaluate("navigator.clipboard.readText()").startswith("1. Hydragen")
    # BibTeX export in the same box
    page.locator("#export-format label", has_text="BibTeX").click()
    page.wait_for_function("document.querySelector('#export-text textarea').value.startsWith('@misc')")
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)
    ctx.close()


def test_browser_renders_hostile_input_inert(app_url, browser):
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url)
    page.wait_for_selector("#question textarea")
    ask(page, '<img src=x onerror="alert(1)"><script>alert(2)</script> which papers prune attention heads?')
    page.wait_for_selector("#cited-panel li.cited-paper, #cited-panel b", timeout=60000)
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.locator("#chat img[onerror], #chat script").count() == 0
    page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)
    page.close()


def test_exposed_bind_requires_a_login(full_settings):
    from assistant.ui import _auth

    assert _auth(full_settings) is None  # loopback: no login needed
    with pytest.raises(SystemExit, match="without a login"):
        _auth(full_settings.model_copy(update={"host": "0.0.0.0"}))
    with pytest.raises(SystemExit, match="without a login"):
        _auth(full_settings.model_copy(update={"share": True}))
    from pydantic import SecretStr
    ok = full_settings.model_copy(update={"host": "0.0.0.0", "auth_username": "u", "auth_password": SecretStr("p")})
    assert _auth(ok) == [("u", "p")]


def test_launch_stops_the_bundled_llm_server_on_sigterm(full_settings):
    import signal
    import subprocess
    import sys

    port = free_port()
    env = dict(os.environ, ASSISTANT_PORT=str(port), ASSISTANT_INDEX_DIR=str(full_settings.index_dir))
    proc = subprocess.Popen([sys.executable, "launch.py"], cwd=Path(__file__).parent.parent, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_http(f"http://127.0.0.1:{port}/", 120)
        children = subprocess.run(["pgrep", "-f", "llama_cpp.server"], capture_output=True, text=True).stdout.split()
        kids = [c for c in children if Path(f"/proc/{c}/status").exists()
                and f"PPid:\t{proc.pid}" in Path(f"/proc/{c}/status").read_text()]
        assert kids, "launch.py did not start the bundled LLM server"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    time.sleep(1)
    assert all(not Path(f"/proc/{k}").exists() for k in kids)


def test_the_cited_panel_names_papers_a_topic_list_left_out(assistant):
    import html

    from assistant.ui import cited_panel

    ans = assistant.ask("Which papers generate or synthesise videos with diffusion models? Text-to-video "
                        "generation does not count.")
    panel = cited_panel(ans)
    assert ans.left_out and "Left out, as the question asks" in panel
    left = panel.split("left-out-list", 1)[1]
    assert all(html.escape(p.title) in left for p in ans.left_out)
    assert not any(html.escape(e.paper.title) in left for e in ans.cited)
