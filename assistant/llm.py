"""The LLM seam: any OpenAI-compatible chat endpoint through the `openai` client.

Every failure (refused, timeout, HTTP error, bad key, malformed stream) becomes an LLMError with a
short readable message; the answer path then falls back to the evidence-only answer.
"""
from __future__ import annotations

import time
from typing import Iterator, Protocol

import httpx

from .errors import LLMError


class LLM(Protocol):
    name: str

    def stream(self, system: str, user: str) -> Iterator[str]: ...


class OpenAICompatibleLLM:
    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout_s: float = 8.0,
                 max_tokens: int = 120, temperature: float = 0.1) -> None:
        import openai

        self._openai = openai
        self.base_url = base_url
        self.model = model
        self.name = f"{model} @ {base_url}"
        self.timeout_s = timeout_s
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.client = openai.OpenAI(base_url=base_url, api_key=api_key or "sk-no-key-needed",
                                    timeout=timeout_s, max_retries=0)

    def stream(self, system: str, user: str) -> Iterator[str]:
        """Yield text deltas. The whole call, stream included, is bounded by timeout_s."""
        o = self._openai
        deadline = time.monotonic() + self.timeout_s
        resp = None
        try:
            resp = self.client.chat.completions.create(
                model=self.model, stream=True, max_tokens=self.max_tokens, temperature=self.temperature,
                messages=[{"role": "system", "content": system}, {"role": "user", "content": user}])
            for event in resp:
                if time.monotonic() > deadline:
                    raise LLMError(f"the LLM did not finish within {self.timeout_s:.0f}s")
                if not getattr(event, "choices", None):
                    continue
                delta = event.choices[0].delta
                text = getattr(delta, "content", None)
                if text:
                    yield text
        except LLMError:
            raise
        except o.AuthenticationError as exc:
            raise LLMError("the LLM endpoint rejected the API key (HTTP 401)") from exc
        except o.APITimeoutError as exc:
            raise LLMError(f"the LLM endpoint timed out after {self.timeout_s:.0f}s") from exc
        except o.APIConnectionError as exc:
            raise LLMError("cannot reach the LLM endpoint") from exc
        except o.APIStatusError as exc:
            raise LLMError(f"the LLM endpoint returned HTTP {exc.status_code}") from exc
        except (o.APIError, ValueError, KeyError, AttributeError, TypeError) as exc:
            raise LLMError(f"the LLM endpoint sent a malformed response ({type(exc).__name__})") from exc
        except httpx.TimeoutException as exc:  # raised while the stream is read, outside openai's mapping
            raise LLMError(f"the LLM endpoint timed out after {self.timeout_s:.0f}s") from exc
        except (httpx.HTTPError, OSError) as exc:
            raise LLMError(f"the connection to the LLM endpoint failed ({type(exc).__name__})") from exc
        finally:
            if resp is not None:
                resp.close()
