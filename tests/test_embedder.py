"""The embedder: the ONNX export encodes like the torch model; the sentence cache stays bounded."""
import numpy as np

from assistant.embedder import MiniLMEmbedder

TEXTS = ["GPTQ quantizes weights to 3 or 4 bits.", "Hydragen shares attention over a common prefix.",
         "A longer sentence about mixture-of-experts models that route each token to a few experts " * 3]


def test_onnx_vectors_match_torch(embedder):
    assert embedder.onnx is not None  # the export was made and loads
    onnx = embedder.encode(TEXTS)
    torch = np.asarray(embedder.hf.get_text_embedding_batch(TEXTS))
    assert onnx.shape == torch.shape == (3, 384)
    assert np.abs(onnx - torch).max() < 1e-4


def test_sentence_cache_evicts_without_deadlock_and_returns_the_right_rows(tmp_path):
    emb = MiniLMEmbedder(cache_dir=tmp_path / "cache")
    emb._sentences_max = 2
    texts = TEXTS + [TEXTS[0], "one more sentence"]
    got = emb.embed_sentences(texts)  # more new sentences than the cache holds, and a repeat
    assert got.shape == (5, 384) and len(emb._sentences) == 2
    assert np.allclose(got, emb.encode(texts), atol=1e-6)
    assert np.allclose(emb.embed_sentences([TEXTS[1]]), emb.encode([TEXTS[1]]), atol=1e-6)
