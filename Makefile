.PHONY: setup run test eval bench
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
