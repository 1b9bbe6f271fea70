"""Topic-list retrieval: the topic's own words, feedback expansion, and the list it leads to (real index)."""
import pytest

import numpy as np

from assistant.retrieval import bm25_tokens, query_terms, strip_question_form, topic_words
from assistant.understand import detect_kind
from assistant.pipeline import TOPIC_KEEP, topic_cut
from assistant.topics import (MAX_FACETS, Feedback, excluded_by, excluded_subjects, expansion_terms, facets,
                              retrieve_topic, topic_text)


@pytest.mark.parametrize("question, kept, dropped", [
    ("Which papers are about diffusion models for image generation? Video generation does not count.",
     "diffusion models for image generation", "video"),
    ("Which papers propose structured pruning methods that remove whole channels or heads, rather than only "
     "unstructured weight-level sparsity?", "structured pruning methods", "unstructured"),
    ("Which papers are technical reports introducing a new LLM, as opposed to proposing a general technique?",
     "technical reports introducing a new LLM", "general technique"),
    ("List papers on speculative decoding.", "speculative decoding", "list papers"),
    # an exclusion that goes on after a semicolon
    ("Which papers control image generators, e.g. with depth maps? Video methods do not count; neither do "
     "methods that mainly speed up sampling.", "control image generators, e.g. with depth maps", "speed up"),
    ("Which papers work on text-only mixture-of-experts language models (not multimodal ones), e.g. new routing?",
     "text-only mixture-of-experts language models", "multimodal"),
])
def test_topic_text_keeps_the_topic_and_drops_exclusions(question, kept, dropped):
    text = topic_text(question)
    assert kept in text
    assert dropped not in text.lower()


@pytest.mark.parametrize("question, topic", [
    ("Are there papers on machine unlearning?", "machine unlearning"),
    ("Give me every paper on structured pruning.", "structured pruning"),
    ("All papers about simplicial complexes, please.", "simplicial complexes, please"),
    ("Papers on FP8 training?", "FP8 training"),
    ("Show me papers about rectified flow.", "rectified flow"),
    ("Which papers in the collection propose sequence-parallel training?", "propose sequence-parallel training"),
    ("Which methods compress visual tokens in multimodal LLMs?", "compress visual tokens in multimodal LLMs"),
    ("Which papers are mainly about data pruning?", "data pruning"),
])
def test_list_questions_in_other_words_are_topic_lists(question, topic):
    assert detect_kind(question, []) == "topic"
    assert topic_text(question) == topic


@pytest.mark.parametrize("question, kind", [
    ("Which paper introduces a 2-bit quantization method?", "lookup"),
    ("How does each paper evaluate its method?", "lookup"),
    ("Compare GPTQ and AWQ: what bit-width does each paper use?", "compare"),
    ("What do all the papers above have in common?", "lookup"),
])
def test_questions_about_single_or_named_papers_are_not_topic_lists(question, kind):
    assert detect_kind(question, []) == kind


def test_a_followup_about_each_paper_stays_a_followup(assistant):
    from assistant.pipeline import Conversation

    conv = Conversation()
    first = assistant.ask("How do GPTQ and ZeroQuant-V2 differ?", conv)
    then = assistant.ask("Compare the first two: what does each paper use?", conv)
    assert then.kind == "compare"
    assert {e.paper.id for e in then.cited} == {e.paper.id for e in first.cited[:2]}


@pytest.mark.parametrize("question, topic", [
    ("Which papers use distillation instead of fine-tuning to adapt LLMs to new tasks?",
     "use distillation to adapt LLMs to new tasks"),
    ("Which papers generate in latent space rather than pixel space for video generation?",
     "generate in latent space for video generation"),
])
def test_a_contrast_drops_only_its_own_words(question, topic):
    assert topic_text(question) == topic


def test_topic_text_never_empties_a_question():
    assert topic_text("Which papers are about ") == "Which papers are about "  # nothing but the lead-in
    assert topic_text("Which papers?") == "Which papers?"


def test_a_short_negation_is_no_topic_word():
    """"don't count": "don" is in no abstract, and counted as a word the collection lacks it declined a
    topic the collection holds ("... social biases like gender and race? Class imbalance ... don't count.")."""
    assert strip_question_form("Class imbalance doesn't count, and domain shift don't either") == \
        strip_question_form("Class imbalance does not count, and domain shift do not either")
    assert "don" not in topic_words("papers on bias? Class imbalance don’t count.")
    assert strip_question_form("can't we") == "can not we" and strip_question_form("isn't it") == "not it"
    assert strip_question_form("NT-Xent loss") == "NT-Xent loss"


def test_expansion_terms_come_from_the_top_papers_and_are_topical(retriever):
    text = topic_text("Which papers are about state space models for sequence modeling?")
    top = [sp.paper for sp in retriever.retrieve(text, n=5)]
    asked = set(bm25_tokens([strip_question_form(text)]).vocab)
    terms = expansion_terms(retriever.index, top, asked)
    assert 0 < len(terms) <= Feedback().terms
    # the collection's SSM papers share these words far more often than the collection does
    assert {"space", "state"} <= set(terms) or {"ssm", "ssms"} & set(terms)
    assert not {"the", "paper", "which"} & set(terms)
    assert all(w > 0 for w in terms.values())


def test_feedback_lifts_a_topic_paper_the_plain_question_ranks_low(retriever):
    """MobileMamba's abstract says "state-space models" once; feedback from the top SSM papers (Mamba,
    S4, SSM) lifts it far up the list (from below 40 to the top 30 on the bundled corpus)."""
    q = "Which papers are about state space models (SSMs) such as S4 or Mamba for sequence modeling?"
    plain = [sp.paper.title for sp in retriever.retrieve(q, n=60)]
    deep = [sp.paper.title for sp in retrieve_topic(retriever, q, n=60)]
    assert len(deep) == 60 and len(set(deep)) == 60
    rank = lambda titles: next((i for i, t in enumerate(titles) if t.startswith("MobileMamba")), len(titles))  # noqa: E731
    assert rank(deep) < 30 and rank(deep) + 10 <= rank(plain)


def test_an_excluded_subject_does_not_lead_the_list(assistant):
    ans = assistant.ask("Which papers compress the KV cache? Quantization of model weights does not count.")
    assert ans.kind == "topic" and not ans.abstained
    assert all("weight quantization" not in e.paper.title.lower() for e in ans.cited[:3])
    assert all("KV" in e.paper.title + e.paper.abstract or "key-value" in e.paper.abstract.lower()
               for e in ans.cited)


@pytest.mark.parametrize("question, subjects", [
    ("Which papers study continual learning? Few-shot class-incremental learning does not count, and neither "
     "does simply continuing to pre-train an LLM on a new corpus.", ["Few-shot class-incremental learning"]),
    ("Which papers speed up LLM decoding? Speculative decoding, which only speeds generation up, does not count.",
     ["Speculative decoding"]),
    ("Which papers quantize LLMs? Quantization-aware training and low-precision training from scratch do not "
     "count.", ["Quantization-aware training", "low-precision training from scratch"]),
    # an exclusion of papers only partly on the subject cannot be read off a title: not enforced
    ("Which papers grow models? Dense-to-MoE upcycling on its own does not count.", []),
    ("Which papers use curricula? Papers where a curriculum is only a minor ingredient (e.g. an LLM technical "
     "report), and training on simplified data, do not count.", []),
    ("Which papers are about diffusion models for image generation?", []),
    # a negation or a condition in the exclusion: nothing is read off titles
    ("Which papers study diffusion models? Papers that are not diffusion models do not count.", []),
    ("Which papers align LLMs? Papers that do not use human feedback do not count.", []),
    ("Which papers use transformers? Convolutional networks do not count unless combined with attention.", []),
    ("Which papers are benchmarks? Benchmark suites alone don't count, but benchmark papers with a new method do.",
     []),
    ("Which papers use LLMs? Text-only models do not count.", ["Text-only models"]),  # ("-only" qualifies nothing)
    # "etc." ends no sentence before a lower-case word; "E.g." never does
    ("Which papers study diffusion models, e.g. for images, video, etc. Audio generation models do not count.",
     ["Audio generation models"]),
    ("Which papers study diffusion models? E.g. image or video ones. Neither do papers on audio generation count.",
     ["papers on audio generation"]),
    # "X/Y Z" rules out both; the list's own "or" and end stop are not part of a subject
    ("Which papers train large models on many GPUs? Sequence/context parallelism does not count, nor do "
     "federated learning, or new optimizers.", ["Sequence parallelism", "context parallelism", "federated learning",
                                                "new optimizers"]),
])
def test_the_subjects_a_question_rules_out(question, subjects):
    assert list(excluded_subjects(question)) == subjects


def test_a_title_is_excluded_only_by_the_whole_phrase():
    subjects = excluded_subjects("Which papers generate video? Text-to-video generation does not count.")
    assert excluded_by("ControlVideo: Training-free Controllable Text-to-Video Generation", subjects)
    assert not excluded_by("MotionMaster: Training-free Camera Motion Transfer For Video Generation", subjects)
    assert not excluded_by("Text Generation with Video Priors", subjects)


def test_papers_whose_titles_name_an_excluded_subject_are_left_out_and_said_so(assistant):
    q = "Which papers generate or synthesise videos with diffusion models?"
    ans = assistant.ask(q + " Text-to-video generation does not count.")
    assert ans.kind == "topic" and ans.cited
    assert not any("text-to-video" in e.paper.title.lower() for e in ans.cited)
    assert not any("text-to-video" in p.title.lower() for p in ans.related)
    left = ans.text.split("**Left out, as the question asks**", 1)[1]
    assert left.count("Text-to-Video Generation") >= 2 and "[" not in left  # named, never cited
    assert ans.left_out and all(p.title in left for p in ans.left_out)
    assert ans.to_record()["left_out"] == [p.title for p in ans.left_out]
    # the same topic without the exclusion lists them; "on its own" leaves the list as it is
    plain = assistant.ask(q)
    assert any("text-to-video" in e.paper.title.lower() for e in plain.cited)
    qualified = assistant.ask(q + " Text-to-video generation on its own does not count.")
    assert [e.paper.id for e in qualified.cited] == [e.paper.id for e in plain.cited]
    assert "Left out" not in qualified.text


def test_a_topic_the_collection_lacks_still_abstains(assistant):
    """Feedback moves the query toward the nearest papers; abstention is judged before it."""
    ans = assistant.ask("Which papers detect earthquakes from seismometer waveforms?")
    assert ans.abstained and ans.cited == []


def test_papers_just_below_the_cut_off_are_shown_apart_and_never_cited(assistant):
    ans = assistant.ask("Which papers propose structured pruning methods that remove channels, attention heads "
                        "or whole layers?")
    assert ans.kind == "topic" and len(ans.cited) >= 5
    cited = {e.paper.id for e in ans.cited}
    assert ans.related and len(ans.related) <= 5
    assert not cited & {p.id for p in ans.related}
    near = ans.text.split("**Near the cut-off**", 1)[1]
    assert all(p.title in near for p in ans.related) and "[" not in near  # named, no citation markers
    assert ans.supported_share == 1.0  # the named-apart papers make no claims to check
    assert ans.to_record()["related"] == [p.title for p in ans.related]


@pytest.mark.parametrize("text, expected", [
    ("state space models, i.e. S4 layers or Mamba blocks",
     ["state space models", "state space models S4 layers", "state space models Mamba blocks"]),
    ("structured pruning methods that remove units such as channels, heads, or whole layers",
     ["structured pruning methods that remove units", "structured pruning methods that remove units channels",
      "structured pruning methods that remove units heads", "structured pruning methods that remove units whole layers"]),
    ("model growth (for example by stacking layers)", ["model growth", "model growth by stacking layers"]),
    # an "or" inside the head is part of the topic, not a list of alternatives
    ("training or fine-tuning with FP8 arithmetic", ["training or fine-tuning with FP8 arithmetic"]),
    ("concept bottleneck models", ["concept bottleneck models"]),
    # an abbreviation in brackets belongs to the head; what follows it still qualifies the head
    ("large language models (LLMs) for code generation, e.g. program synthesis or repair",
     ["large language models LLMs for code generation", "large language models LLMs for code generation program synthesis",
      "large language models LLMs for code generation repair"]),
    # "like" as a verb or comparison starts no list; ", like" does
    ("agents that behave like humans in games", ["agents that behave like humans in games"]),
    ("KV cache compression, like eviction or quantization",
     ["KV cache compression", "KV cache compression eviction", "KV cache compression quantization"]),
    ("KV cache compression, eg eviction", ["KV cache compression", "KV cache compression eviction"]),
    # a purpose clause after the list qualifies every facet; "etc." is no alternative
    ("systems support, such as GPU data access or pipelined parallelism, to speed up GNN training",
     ["systems support to speed up GNN training", "systems support to speed up GNN training GPU data access",
      "systems support to speed up GNN training pipelined parallelism"]),
    # examples in brackets, then the head goes on: the words after the brackets are the head's
    ("making the training of generative models (e.g. diffusion models or GANs) cheaper or faster",
     ["making the training of generative models cheaper or faster",
      "making the training of generative models cheaper or faster diffusion models",
      "making the training of generative models cheaper or faster GANs"]),
    ("quantizing trained models (LLMs, CNNs, etc.) to low-bit formats",
     ["quantizing trained models to low-bit formats", "quantizing trained models to low-bit formats LLMs",
      "quantizing trained models to low-bit formats CNNs"]),
])
def test_facets_are_the_head_and_the_head_with_each_alternative(text, expected):
    assert facets(text) == expected


def test_facets_are_bounded_and_fast_on_long_input():
    text = "model compression, e.g. " + ", ".join(f"method{i} variant" for i in range(40))
    assert len(facets(text)) == MAX_FACETS
    assert facets("pruning" + " " * 20000 + "methods, such as channel pruning") == [
        "pruning methods", "pruning methods channel pruning"]


def test_a_paper_named_by_one_listed_alternative_makes_the_list(retriever):
    """Two architecture-search papers (an evolutionary search for GANs, a configuration search for
    PEFT) that scoring the question as one text leaves below the cut-off are listed once the
    question's alternatives are scored as facets."""
    q = "Which papers are about neural architecture search, e.g. zero-cost proxies or once-for-all supernets?"

    def listed(fb: Feedback) -> set[str]:
        ranked = retrieve_topic(retriever, q, n=60, fb=fb)
        return {sp.paper.title.split(":")[0] for sp in topic_cut(ranked)}

    with_facets, without = listed(Feedback()), listed(Feedback(facet=0.0))
    assert {"EAGAN", "AutoPEFT"} <= with_facets
    assert not {"EAGAN", "AutoPEFT"} <= without


def test_a_phrase_of_the_topic_counts_more_than_its_words_apart(retriever):
    """The pair index: the four papers that score best for "dataset distillation" with its word pair
    all use the phrase; on the two words alone, a paper that distils a model instead (no dataset
    distillation) gets among them."""
    index = retriever.index
    terms = query_terms("dataset distillation")
    assert terms == {"dataset": 1.0, "distil": 1.0, "dataset distil": 1.0}

    def best(weights: dict[str, float]) -> list[str]:
        scores = index.lexical(weights)
        return [(lambda p: f"{p.title} {p.abstract}".lower())(index.papers[index.order[i]])
                for i in np.argsort(-scores, kind="stable")[:4]]

    assert all("dataset distillation" in text for text in best(terms))
    assert not all("dataset distillation" in text for text in best({"dataset": 1.0, "distil": 1.0}))


def test_a_paper_beyond_the_dense_querys_reach_gets_its_real_cosine(retriever):
    """MCUNetV2 is about patch-based inference on microcontrollers and uses architecture search on the
    way: BM25 finds it, but none of its chunks is among the dense query's nearest. Its cosine is then
    read from its own chunks (about 0.44) rather than taken as 0, which ranked it last on every dense
    signal (below 35 by the relevance score)."""
    q = "Which papers use neural architecture search to design their models?"
    ranked = retrieve_topic(retriever, q, n=60)
    mcunet = next(sp for sp in ranked if sp.paper.title.startswith("MCUNetV2"))
    assert mcunet.dense > 0.3
    by_score = sorted(ranked, key=lambda sp: -sp.score)
    assert ranked.index(mcunet) < 20 and by_score.index(mcunet) < 20


def test_a_paper_one_signal_ranks_high_is_lifted_by_rank_fusion(retriever):
    """DivControl builds on Learngene without saying so in words a hybrid score weighs much: by the
    relevance score alone it ranks below 30; the rank fusion of the signals puts it in the first 20.
    The cut-off still decides by the score, and keeps the ranking's order."""
    ranked = retrieve_topic(retriever, "Which papers build on the Learngene framework?", n=60)
    by_score = sorted(ranked, key=lambda sp: -sp.score)
    rank = lambda sps: next(i for i, sp in enumerate(sps) if sp.paper.title.startswith("DivControl"))  # noqa: E731
    assert rank(ranked) < 20 and rank(by_score) >= 30
    cut = topic_cut(ranked)
    kept = {sp.paper.id for sp in by_score if sp.score >= TOPIC_KEEP * by_score[0].score}
    assert {sp.paper.id for sp in cut} == kept
    assert [sp.paper.id for sp in cut] == [sp.paper.id for sp in ranked if sp.paper.id in kept]


def test_the_cut_off_keeps_the_highest_scores_in_the_rankings_order():
    from assistant.pipeline import TOPIC_MAX
    from assistant.records import Paper, ScoredPaper

    def sp(i: int, score: float) -> ScoredPaper:
        return ScoredPaper(paper=Paper(id=f"p{i}", title=f"T{i}", abstract="a", sources=()), score=score,
                           dense=0.5, bm25=1.0)

    ranked = [sp(0, 0.8), sp(1, 1.0), sp(2, 0.2), sp(3, 0.75)]  # a fused order, not the score's
    assert [s.paper.id for s in topic_cut(ranked, keep=0.7)] == ["p0", "p1", "p3"]
    many = [sp(i, 1.0 - i / 1000) for i in reversed(range(TOPIC_MAX + 5))]  # lowest score first
    cut = topic_cut(many, keep=0.5)
    assert len(cut) == TOPIC_MAX and {s.paper.id for s in cut} == {f"p{i}" for i in range(TOPIC_MAX)}
    assert cut[0].paper.id == f"p{TOPIC_MAX - 1}" and topic_cut([]) == []


def test_a_qualifier_in_brackets_after_a_verb_stays_in_the_phrase():
    """"about making (multimodal) LLMs hallucinate less": the bracket qualifies the phrase; it does not
    start a list after "making" (the head would be one verb). After a head of its own it is still an
    alternative ("zeroth-order (derivative-free) optimization")."""
    assert facets(topic_text("Which papers are about making (quantized) LLMs forget less, i.e. reducing "
                             "catastrophic forgetting?"))[0] == "making quantized LLMs forget less"
    assert facets("zeroth-order (derivative-free) optimization")[:2] == ["zeroth-order", "zeroth-order derivative-free"]


def test_purposes_listed_as_examples_are_facets_and_other_than_is_a_contrast():
    """"RL as a tool for something other than control, e.g. to guide decoding, to pick layers, or to find
    codes": each "to ..." is an alternative (not a purpose clause that qualifies them all), and what comes
    after "other than" is left out of the topic's words."""
    text = topic_text("Which papers use evolution as a tool for something other than robot control, e.g. to "
                      "design prompts, to choose which layers to prune, or to find codes?")
    assert "robot" not in text
    parts = facets(text)
    assert len(parts) == 4 and parts[1].endswith("to design prompts") and parts[3].endswith("to find codes")


def test_everything_the_collection_has_on_is_a_lead_in():
    assert topic_text("I need everything the collection has on learned image codecs.") == "learned image codecs"
    assert detect_kind("Give me everything the collection has on learned image codecs", []) == "topic"


def test_subjects_excluded_with_or_are_each_excluded():
    subjects = excluded_subjects("Which papers make LLM serving faster? Speculative decoding or the KV cache's "
                                 "compression does not count.")
    assert set(subjects) == {"Speculative decoding", "the KV cache's compression"}
    assert excluded_by("Compression of the KV Cache", subjects) is None  # (its words not in that order)
    assert excluded_by("Online Speculative Decoding", subjects) == "Speculative decoding"


def test_more_list_requests_and_their_lead_ins():
    """"I'm looking for work on X", "papers whose main contribution is a X", "list everything about X",
    "Which papers are centrally about X" ask for lists, with the lead-in
    left out of the topic; "Which papers rely on X" keeps its verb, and "Anything on the training cost?"
    (a short subject) is no list."""
    for q, topic in [("I'm looking for work on selective fine-tuning of a model's own weights",
                      "selective fine-tuning of a model's own weights"),
                     ("papers whose main contribution is a learning-rate schedule?", "learning-rate schedule"),
                     ("list everything about designing convolutional backbones", "designing convolutional backbones"),
                     ("Which papers are centrally about how parameters should be initialized?",
                      "how parameters should be initialized")]:
        assert detect_kind(q, []) == "topic" and topic_text(q) == topic, q
    assert topic_text("Which papers rely on Bayesian optimization?") == "rely on Bayesian optimization"
    assert detect_kind("Anything on the training cost?", []) != "topic"


def test_a_topic_of_papers_that_use_a_named_model_lists_the_papers_naming_it(assistant):
    """"Which papers train or test GPT-2?", "run experiments with a ResNet-50", "report results on GLUE": the
    list is the papers whose abstracts name it (written "ResNet50" too; not "ResNet-101"), first in the
    ranking; "MAE-style masking" or an abbreviation the topic spells out names no such model."""
    from types import SimpleNamespace

    from assistant.records import Paper
    from assistant.topics import papers_using, used_names

    assert used_names(topic_text("any papers that actually train or test GPT-2 models?")) == ["GPT-2"]
    assert used_names(topic_text("List the papers that run experiments with a ResNet-50 (e.g. ResNet50-D).")) == ["ResNet-50"]
    assert used_names(topic_text("Which papers report results on the GLUE benchmark?")) == ["GLUE"]
    for q in ("Which papers use MAE-style masking of image patches?",
              "Which papers propose or evaluate post-training quantization (PTQ) methods?",
              "Which papers make attention run faster on GPUs?"):
        assert used_names(topic_text(q)) == [], q
    papers = [Paper(id="a", title="A: pruning", abstract="We prune ResNet50 on ImageNet.", sources=("t.txt",)),
              Paper(id="b", title="B: quantization", abstract="We quantize ResNet-101 and ViT.", sources=("t.txt",)),
              *(Paper(id=f"o{i}", title=f"O{i}: other", abstract="Other things.", sources=("t.txt",)) for i in range(40))]
    index = SimpleNamespace(order=[p.id for p in papers], papers={p.id: p for p in papers})
    assert papers_using(index, "run experiments with a ResNet-50") == {0}
    ans = assistant.ask("Which papers report results on the MMLU benchmark?")
    assert not ans.abstained and ans.cited
    assert all("MMLU" in e.paper.abstract or "MMLU" in e.paper.title for e in ans.cited)
    assert ans.retrieved[0].uses and sum(sp.uses for sp in ans.retrieved) == len(ans.cited)


def test_a_topic_whose_own_subject_names_what_no_paper_uses_abstains(assistant):
    """"Which papers propose structured pruning ..., evaluated with ZORBLE-9?": no abstract names ZORBLE-9 (as
    "summarizing long scientific articles, evaluated with ROUGE"); an example the topic lists ("e.g. ...") that
    no paper names does not decline the list."""
    topic = "Which papers propose structured pruning methods for large language models that remove attention heads or whole layers"
    ans = assistant.ask(f"{topic}, evaluated with ZORBLE-9?")
    assert ans.abstained and ans.cited == [] and "ZORBLE-9 does not occur" in ans.text
    ans = assistant.ask(f"{topic}, e.g. Sheared LLaMA or ZORBLE-9?")
    assert not ans.abstained and ans.cited


def test_a_list_asked_with_got_is_answered(assistant):
    """"got any papers on knowledge distillation?": "got" is no subject no abstract holds."""
    ans = assistant.ask("got any papers on knowledge distillation?")
    assert ans.kind == "topic" and not ans.abstained and len(ans.cited) >= 3


@pytest.mark.parametrize("question, genres", [
    ("Which papers are technical reports introducing a new open LLM family?", ["model report"]),
    ("Which papers are reports on newly released open language models?", ["model report"]),
    ("Which papers evaluate on recently released LLMs?", []),
    ("which papers release a new family of open models?", ["model report"]),
    ("Which papers introduce a new benchmark or evaluation suite for code models?", ["benchmark"]),
    ("papers that build a dataset for video editing?", ["benchmark"]),
    ("List the survey or review papers on graph learning.", ["survey"]),
    ("Which papers are empirical studies of training dynamics rather than proposing a new method?", ["empirical study"]),
    ("any papers showing that a simple or overlooked baseline is enough?", ["simple baseline"]),
    ("Which position papers are in the collection?", ["position paper"]),
    # subjects, however much they speak of models, data and benchmarks
    ("Which papers propose methods evaluated on benchmarks such as GLUE?", []),
    ("Which papers introduce a new model architecture for vision?", []),
    ("Which papers adapt pretrained models to new datasets?", []),
    ("Which papers report results on existing benchmarks?", []),
    ("Which papers distill a dataset into a few synthetic images?", []),
    # (a helper's review: a new method for LLMs, an overview of a subject, an evaluation are subjects)
    ("Which papers present a new pruning method for LLMs?", []),
    ("Give an overview of papers on diffusion models.", []),
    ("Papers with an empirical evaluation on ImageNet?", []),
    # what a topic lets in besides its subject is no kind it asks for
    ("Which papers design hardware accelerators (including surveys covering accelerator design)?", []),
    ("Which papers change the pre-training data, including surveys of data selection?", []),
])
def test_the_kind_of_paper_a_question_asks_for(question, genres):
    from assistant.genres import asked_genres

    assert [g.name for g in asked_genres(topic_text(question))] == genres


def test_a_paper_written_as_the_kind_asked_scores_above_one_that_is_not():
    """Made-up abstracts: the kind is read from how a paper is written, not from its subject."""
    from assistant.genres import GENRES, genre_score

    kinds = {g.name: g for g in GENRES}
    report = ("Zorblax-7B: An Open Bilingual Language Model",
              "We introduce Zorblax-7B, a bilingual language model with 7 billion parameters pre-trained on 3 "
              "trillion tokens. We describe its data and training recipe. The checkpoints are publicly released.")
    method = ("Faster Training of Language Models with Gradient Folding",
              "We propose gradient folding, a technique that speeds up the training of large language models "
              "by 30% without loss of accuracy.")
    bench = ("FoldBench: A Benchmark for Protein Folding Agents",
             "Existing benchmarks only test single-step prediction. We introduce FoldBench, a benchmark of 2,000 "
             "tasks curated by experts.")
    survey = ("Graph Transformers: A Survey",
              "This survey reviews the literature on graph transformers, proposes a taxonomy of existing methods "
              "and discusses open challenges and future directions.")
    assert genre_score(*report, kinds["model report"]) > 0.5 > genre_score(*method, kinds["model report"])
    assert genre_score(*bench, kinds["benchmark"]) > 0.5 > genre_score(*method, kinds["benchmark"])
    assert genre_score(*survey, kinds["survey"]) > 0.5 > genre_score(*method, kinds["survey"])
    assert genre_score(*method, kinds["survey"]) == 0.0


def test_papers_of_the_kind_asked_are_candidates_and_rise(retriever):
    """A list of model reports ranks the papers written as one ("we introduce Hunyuan-Large ... the
    checkpoints are released") above papers on training LLMs in general: without the kind read, Hunyuan-Large,
    AquilaMoE and Qwen2.5-1M ranked 38, 22 and 40. "List all the survey papers" names no subject: the
    surveys lead."""
    ranked = [sp.paper.title for sp in retrieve_topic(
        retriever, "Which papers are reports on newly released open large language models, with their data and "
                   "training recipe?", n=60)]
    for name in ("Hunyuan-Large", "AquilaMoE", "Qwen2.5-1M", "FLM-101B", "MindLLM", "2 OLMo 2"):
        assert any(t.startswith(name) for t in ranked[:20]), name
    ranked = [sp.paper.title for sp in retrieve_topic(retriever, "List all the survey papers in the collection.", n=60)]
    assert len([t for t in ranked[:10] if "Survey" in t]) >= 3


@pytest.mark.parametrize("topic, least, unit", [
    ("papers that train a model with at least 100 billion (total) parameters", 1e11, "parameters"),
    ("papers with 70B+ models", 7e10, "parameters"),
    ("models of 10 billion parameters or more", 1e10, "parameters"),
    ("papers that pre-train on more than 1T tokens", 1e12, "tokens"),
    ("Which papers work with 100B-scale models?", 1e11, "parameters"),
])
def test_the_scale_a_topic_asks_its_papers_models_to_have(topic, least, unit):
    from assistant.sizes import asked_scale

    assert asked_scale(topic) == (least, unit)


@pytest.mark.parametrize("topic", ["Which papers use GPT-3?", "papers using over 100 GPUs", "at least 8 experts",
                                   "Which papers handle context of more than 32K tokens?",
                                   "models with no more than 7B parameters",
                                   "Which papers quantize LLMs to 4 bits?"])
def test_a_topic_asking_no_scale(topic):
    from assistant.sizes import asked_scale

    assert asked_scale(topic) is None


def test_the_scales_an_abstract_states():
    """Made-up sentences: a size in words, a bare size, a model's name, experts times their size; not tokens,
    a dataset's name or a corpus."""
    from assistant.sizes import Scale, at_scale, stated_scales

    big = Scale(1e11, "parameters")
    assert at_scale("We quantize GPT models with 175 billion parameters in four GPU hours.", big)
    assert at_scale("training a 175B LLM on 12,288 GPUs", big)
    assert at_scale("on OPT-175B and BLOOM-176B", big)
    assert at_scale("We present FooMoE, a bilingual 8*16B mixture-of-experts model.", big)
    assert at_scale("with a total of 389 billion parameters and 52 billion activated parameters", big)
    assert not at_scale("We pre-train a 1.3B model on 300B tokens.", big)
    assert not at_scale("a corpus of 64 domains (192B whitespace-separated tokens in total)", big)
    assert not at_scale("built from the SA-1B dataset and a >100B corpus", big)
    assert stated_scales("trained on 1.4T tokens", "tokens") == [1.4e12]


def test_a_topic_asking_a_scale_lists_the_papers_stating_one(assistant):
    """No word of "at least 100 billion parameters" ranks the papers that train or quantize such models: they
    are found by the sizes their abstracts state (GPTQ: "175 billion parameters"; FLM-101B; MegaScale: "a
    175B LLM"), and cited instead of papers on parameter-efficient fine-tuning."""
    ans = assistant.ask("Which papers run their own experiments on a model with at least 100 billion parameters?")
    cited = [e.paper.title for e in ans.cited]
    for name in ("GPTQ", "FLM-101B", "MegaScale", "FP8-LM"):
        assert any(t.startswith(name) for t in cited), name
    assert not any("Parameter-Efficient" in t for t in cited)


def test_a_list_of_a_kind_of_paper_leaves_out_papers_written_with_none_of_its_cues(assistant):
    """A list of model reports keeps the reports among the papers on LLM training the cut-off lets through
    (papers with none of the kind's cues, "MiniPLM: Knowledge Distillation for Pre-Training", are left out);
    """
    ans = assistant.ask("Which papers are technical reports introducing a new open large language model, "
                        "describing its data, training recipe and release?")
    from assistant.genres import GENRES, genre_score

    report = next(g for g in GENRES if g.name == "model report")
    cited = [e.paper.title for e in ans.cited]
    assert any(t.startswith("Qwen2.5-1M Technical Report") for t in cited)
    assert all(genre_score(e.paper.title, e.paper.abstract, report) > 0 for e in ans.cited)
    assert not any(t.startswith(("MiniPLM", "Think-on-Graph", "Distilling Step-by-Step")) for t in cited)
