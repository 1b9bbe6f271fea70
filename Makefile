.PHONY: setup run test eval eval-extra bench
PY := .venv/bin/python

setup:
	./scripts/setup.sh

run: setup
	$(PY) launch.py

test: setup
	./scripts/setup-test.sh
	$(PY) -m pytest -x -q

eval: setup
	$(PY) -m assistant eval ../shared/eval/dev.jsonl --out results/dev.jsonl --titles results/titles.txt
	$(PY) ../shared/eval/score.py ../shared/eval/dev.jsonl results/dev.jsonl --corpus-titles results/titles.txt

# the project's own check questions (540, written on other papers and topics than dev.jsonl's)
eval-extra: setup
	mkdir -p results && cat benchmarks/topic_extra.jsonl benchmarks/extra_questions.jsonl benchmarks/holdout2.jsonl benchmarks/holdout3.jsonl benchmarks/holdout4.jsonl benchmarks/holdout5.jsonl benchmarks/holdout6.jsonl benchmarks/holdout7.jsonl benchmarks/holdout7_topic.jsonl benchmarks/holdout8.jsonl benchmarks/holdout8_topic.jsonl benchmarks/holdout9.jsonl benchmarks/holdout10.jsonl benchmarks/holdout10_topic.jsonl benchmarks/holdout11.jsonl benchmarks/holdout11_topic.jsonl benchmarks/holdout12.jsonl benchmarks/holdout13.jsonl benchmarks/holdout14.jsonl benchmarks/holdout15.jsonl benchmarks/holdout16.jsonl benchmarks/holdout17.jsonl benchmarks/holdout18.jsonl benchmarks/holdout19.jsonl benchmarks/holdout20.jsonl benchmarks/holdout21.jsonl benchmarks/holdout22.jsonl benchmarks/holdout23.jsonl benchmarks/holdout24.jsonl benchmarks/holdout25.jsonl benchmarks/holdout26.jsonl benchmarks/holdout27.jsonl benchmarks/holdout28.jsonl benchmarks/holdout29.jsonl benchmarks/holdout30.jsonl benchmarks/holdout31.jsonl benchmarks/holdout32.jsonl benchmarks/holdout33.jsonl benchmarks/holdout34.jsonl benchmarks/holdout35.jsonl > results/extra.jsonl
	$(PY) -m assistant eval results/extra.jsonl --out results/extra-results.jsonl --titles results/titles.txt
	$(PY) ../shared/eval/score.py results/extra.jsonl results/extra-results.jsonl --corpus-titles results/titles.txt
