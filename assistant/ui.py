"""The browser chat (Gradio). It only routes the answer path's events to components; it computes nothing."""
from __future__ import annotations

import hashlib
import html
import logging
import re
import tempfile
from pathlib import Path
from typing import Any, Iterator

import gradio as gr

from .app import Runtime, build_runtime
from .export import FORMATS, render
from .pipeline import Conversation
from .records import Answer, Paper
from .settings import Settings, get_settings

log = logging.getLogger("assistant.ui")

EXAMPLES = [
    "Which paper speeds up batched LLM decoding when many sequences share a common prompt prefix?",
    "How do GPTQ and AQLM differ in the way they compress LLM weights?",
    "Which papers compress the KV cache?",
]
FORMAT_LABELS = {"markdown": "Markdown", "text": "Plain text", "bibtex": "BibTeX", "csv": "CSV", "json": "JSON"}
CSS = ".muted{color:#777} .cited-list blockquote{font-size:0.9em;margin:4px 0 10px 0;color:#444}"
_SUFFIX = {"markdown": "md", "text": "txt", "bibtex": "bib", "csv": "csv", "json": "json"}


def link_markers(text: str, answer: Answer) -> str:
    """[n] -> a link to the paper's entry in the cited panel, with its title on hover."""
    titles = {i: e.paper.title for i, e in enumerate(answer.cited, 1)}

    def sub(m: re.Match[str]) -> str:
        n = int(m.group(1))
        t = titles.get(n, "").replace('"', "'")
        return f'[[{n}]](#cite-{n} "{t}")' if t else m.group(0)

    return re.sub(r"\[(\d+)\](?!\()", sub, text)


def _title_items(papers: list[Paper]) -> str:
    return "".join(f"<li>{html.escape(p.title)}</li>" for p in papers)


def cited_panel(answer: Answer | None) -> str:
    if answer is None:
        return "<p class='muted'>The papers cited by the latest answer appear here.</p>"
    if not answer.cited:
        rel = _title_items(answer.related)
        return ("<p><b>No papers cited.</b></p>" +
                (f"<p>Related, not answering:</p><ul>{rel}</ul>" if rel else ""))
    items = []
    for i, e in enumerate(answer.cited, 1):
        date = f" <span class='muted'>({html.escape(e.paper.date)})</span>" if e.paper.date else ""
        items.append(f"<li id='cite-{i}' class='cited-paper'><b>[{i}] {html.escape(e.paper.title)}</b>{date}"
                     f"<blockquote>{html.escape(e.passage)}</blockquote></li>")
    near, left = _title_items(answer.related), _title_items(answer.left_out)
    return (f"<ol class='cited-list'>{''.join(items)}</ol>" +
            (f"<p>Near the cut-off, not cited:</p><ul class='near-list'>{near}</ul>" if near else "") +
            (f"<p>Left out, as the question asks:</p><ul class='left-out-list'>{left}</ul>" if left else ""))


def _papers(answer: Answer | None, conv: Conversation, scope: str) -> list[Paper]:
    if scope == "Session reading list":
        return list(conv.reading_list)
    return [e.paper for e in answer.cited] if answer else []


_EXPORT_DIR = Path(tempfile.mkdtemp(prefix="paper-assistant-exports-"))


def _export(papers: list[Paper], fmt: str) -> tuple[str, str | None]:
    """The export text, and a file of it for download (one file per distinct content)."""
    if not papers:
        return "", None
    text = render(papers, fmt)
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    path = _EXPORT_DIR / digest / f"cited-papers.{_SUFFIX[fmt]}"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return text, str(path)


def build_app(rt: Runtime, s: Settings) -> gr.Blocks:
    assistant = rt.assistant
    n_papers = len(assistant.retriever.papers)

    def respond(message: str, history: list[dict], conv: Conversation, last: Answer | None, top_k: int,
                fmt: str, scope: str) -> Iterator[tuple[Any, ...]]:
        history = list(history or []) + [{"role": "user", "content": html.escape(message or "")},
                                          {"role": "assistant", "content": ""}]
        conv = conv or Conversation()
        shown = ""
        try:
            for ev in assistant.stream(message, conv, top_n=int(top_k)):
                if ev.type == "delta":
                    shown += ev.text
                    history[-1]["content"] = shown
                    yield history, conv, last, gr.skip(), gr.skip(), gr.skip(), ""
                elif ev.type == "answer" and ev.answer is not None:
                    last = ev.answer
                    notice = f"\n\n> ⚠️ {ev.answer.notice}" if ev.answer.notice and ev.answer.kind != "invalid" else ""
                    history[-1]["content"] = link_markers(ev.answer.text, ev.answer) + notice
                    text, path = _export(_papers(last, conv, scope), fmt)
                    yield history, conv, last, cited_panel(last), text, path, ""
        except Exception as exc:  # never a stack trace in the chat
            log.exception("answering failed")
            history[-1]["content"] = (f"Sorry, something went wrong while answering ({type(exc).__name__}). "
                                      "Your question was kept; please try again.")
            yield history, conv, last, gr.skip(), gr.skip(), gr.skip(), message

    def refresh_export(last: Answer | None, conv: Conversation, fmt: str, scope: str) -> tuple[str, str | None]:
        return _export(_papers(last, conv or Conversation(), scope), fmt)

    def api_ask(question: str) -> dict:
        """Ask a question; returns the answer and the cited papers as structured data."""
        rec = assistant.ask(question).to_record()
        rec["retrieved"] = rec["retrieved"][:20]
        return rec

    with gr.Blocks(title="Paper assistant", delete_cache=(3600, 86400)) as demo:
        gr.Markdown(f"## Paper assistant\nAnswers questions about **{n_papers} ML papers** with citations to "
                    f"the abstracts. LLM: `{rt.llm_status}`"
                    + (f"  \n*Note: {assistant.retriever.notice}.*" if assistant.retriever.notice else ""),
                    elem_id="status")
        conv = gr.State(Conversation())
        last = gr.State(None)
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Chat", height=560, elem_id="chat", sanitize_html=True,
                                  placeholder="Ask about the papers: a lookup, a comparison or a topic list.")
                box = gr.Textbox(placeholder="Ask a question and press Enter", show_label=False, elem_id="question",
                                 max_length=s.max_question_chars * 30, autofocus=True)
                with gr.Row():
                    send = gr.Button("Ask", variant="primary", elem_id="ask-button")
                    clear = gr.Button("New conversation", elem_id="clear-button")
                gr.Examples(EXAMPLES, inputs=box, label="Examples")
            with gr.Column(scale=2):
                gr.Markdown("### Cited papers")
                panel = gr.HTML(cited_panel(None), elem_id="cited-panel")
                scope = gr.Radio(["Latest answer", "Session reading list"], value="Latest answer",
                                 label="Export", elem_id="export-scope")
                fmt = gr.Radio([(FORMAT_LABELS[f], f) for f in FORMATS], value="markdown", label="Format",
                               elem_id="export-format")
                export = gr.Textbox(label="Cited papers (copy)", lines=6, max_lines=14, buttons=["copy"],
                                    elem_id="export-text", interactive=False)
                download = gr.DownloadButton("Download", elem_id="download-button")
                with gr.Accordion("Settings", open=False):
                    top_k = gr.Slider(1, 20, value=s.top_k, step=1, label="Papers to use as evidence")
                    gr.Markdown(f"Endpoint: `{rt.llm_status}`  \nCorpus: {n_papers} papers  \n"
                                f"Embedding model: {assistant.retriever.embedder.name}")
        outs = [chat, conv, last, panel, export, download, box]
        ins = [box, chat, conv, last, top_k, fmt, scope]
        box.submit(respond, ins, outs, api_visibility="private")
        send.click(respond, ins, outs, api_visibility="private")
        clear.click(lambda: ([], Conversation(), None, cited_panel(None), "", None), None,
                    [chat, conv, last, panel, export, download], api_visibility="private")
        for comp in (fmt, scope):
            comp.change(refresh_export, [last, conv, fmt, scope], [export, download], api_visibility="private")
        gr.api(api_ask, api_name="ask")
    return demo


def _auth(s: Settings) -> list[tuple[str, str]] | None:
    exposed = s.share or s.host not in ("127.0.0.1", "localhost", "::1")
    if not exposed:
        return None
    if not (s.auth_username and s.auth_password and s.auth_password.get_secret_value()):
        raise SystemExit(f"refusing to serve on {s.host}{' with share' if s.share else ''} without a login: "
                         "set ASSISTANT_AUTH_USERNAME and ASSISTANT_AUTH_PASSWORD")
    print(f"serving on {s.host}:{s.port} with a login (user {s.auth_username!r})")
    return [(s.auth_username, s.auth_password.get_secret_value())]


def launch(rt: Runtime, s: Settings, block: bool = True,
           auth: list[tuple[str, str]] | None = None) -> gr.Blocks:
    app = build_app(rt, s)
    app.queue(default_concurrency_limit=4).launch(
        server_name=s.host, server_port=s.port, share=s.share, auth=auth, show_error=False,
        prevent_thread_lock=not block, css=CSS, quiet=not block,
        state_session_capacity=s.ui_sessions)  # the oldest sessions' state goes first: memory stays bounded
    return app


def _exit_on_sigterm() -> None:
    import signal

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)  # runs the `finally` that stops the LLM server

    signal.signal(signal.SIGTERM, stop)


def main() -> None:
    _exit_on_sigterm()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    s = get_settings()
    auth = _auth(s)  # refuse an exposed server without a login before loading anything
    rt = build_runtime(s)
    print(f"LLM: {rt.llm_status}")
    try:
        launch(rt, s, block=True, auth=auth)
    finally:
        rt.close()
