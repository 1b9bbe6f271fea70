import pytest

from assistant.prompts import REQUIRED, PromptError, load_prompts, placeholders


def test_every_prompt_file_loads_with_its_placeholders():
    prompts = load_prompts()
    for name, need in REQUIRED.items():
        assert placeholders(getattr(prompts, name)) == need
    assert "[1]" in prompts.render("system", markers="[1], [2]")


def test_missing_placeholder_is_a_clear_error(tmp_path):
    (tmp_path / "system.txt").write_text("no placeholders here")
    (tmp_path / "answer.txt").write_text("{draft}")
    with pytest.raises(PromptError, match="markers"):
        load_prompts(tmp_path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(PromptError, match="missing"):
        load_prompts(tmp_path)
