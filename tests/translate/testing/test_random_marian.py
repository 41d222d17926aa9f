import json
import warnings
from dataclasses import replace

import pytest

from translate.testing import TINY, build_random_marian, training_corpus


def _load(path):
    from transformers import MarianMTModel, MarianTokenizer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return MarianTokenizer.from_pretrained(path), MarianMTModel.from_pretrained(path)


def test_corpus_is_hundreds_of_distinct_lines_per_language():
    for lang in ("sv", "en"):
        lines = training_corpus(lang)
        assert len(set(lines)) >= 200
    assert any("å" in s or "ä" in s or "ö" in s for s in training_corpus("sv"))
    with pytest.raises(ValueError):
        training_corpus("de")


def test_tiny_folder_has_the_opus_mt_files_and_special_ids(tiny_model_dir):
    for name in ("config.json", "generation_config.json", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json"):
        assert (tiny_model_dir / name).is_file(), name
    vocab = json.loads((tiny_model_dir / "vocab.json").read_text(encoding="utf-8"))
    assert vocab["</s>"] == 0 and vocab["<unk>"] == 1
    assert vocab["<pad>"] == len(vocab) - 1
    config = json.loads((tiny_model_dir / "config.json").read_text())
    assert config["pad_token_id"] == config["decoder_start_token_id"] == vocab["<pad>"]
    assert config["vocab_size"] == len(vocab)


def test_tiny_model_loads_and_generates_through_from_pretrained(tiny_model_dir):
    tok, model = _load(tiny_model_dir)
    assert model.generation_config.num_beams == TINY.num_beams
    assert tok.model_max_length == TINY.max_position_embeddings
    batch = tok(["Regeringen meddelade i går att skolan stänger.", "Hej då."], return_tensors="pt", padding=True)
    # Swedish text is covered by the source sentencepiece model: no unknown pieces.
    assert 1 not in batch["input_ids"][0].tolist()
    out = model.generate(**batch, max_new_tokens=8, num_beams=2)
    texts = tok.batch_decode(out, skip_special_tokens=True)
    assert len(texts) == 2 and all(isinstance(t, str) for t in texts)


def test_shape_parameters_reach_the_folder(tmp_path):
    shape = replace(TINY, vocab_size=1000, model_max_length=12, d_model=8, ffn_dim=16, num_beams=3, encoder_layers=2)
    path = build_random_marian(tmp_path / "m", shape, seed=1)
    tok, model = _load(path)
    assert model.config.vocab_size == 1000 and len(tok) == 1000
    assert model.config.d_model == 8 and model.config.encoder_layers == 2
    assert tok.model_max_length == 12
    assert model.generation_config.num_beams == 3
    with pytest.raises(ValueError):
        build_random_marian(tmp_path / "too-small", replace(TINY, vocab_size=10))


def test_same_seed_same_weights(tmp_path):
    a = build_random_marian(tmp_path / "a", seed=3)
    b = build_random_marian(tmp_path / "b", seed=3)
    c = build_random_marian(tmp_path / "c", seed=4)
    wa, wb, wc = ((p / "model.safetensors").read_bytes() for p in (a, b, c))
    assert wa == wb and wa != wc


def test_command_line_builds_a_loadable_folder(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "cli-model"
    done = subprocess.run([sys.executable, "-m", "translate.testing", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    assert {"config.json", "source.spm", "target.spm", "vocab.json"} <= {p.name for p in out.iterdir()}
