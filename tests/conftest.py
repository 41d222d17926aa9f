import importlib
import os
from pathlib import Path
from types import ModuleType

import pytest

# Tests never reach a model hub: everything loads from folders the tests build.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
NTREX = SHARED / "ntrex128"
SEED_ARTICLE = SHARED / "seed" / "article.sv.txt"


def need_shared(path: Path) -> Path:
    """Skip (with the reason) when ../shared is absent, as in a user's fresh clone."""
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (present in CI; a plain clone lacks ../shared)")
    return path


def on_ci() -> bool:
    """Whether this is CI (``.ci/run`` sets CI=true): there, what the test extra installs must be present."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need_module(name: str, reason: str) -> ModuleType:
    """``pytest.importorskip`` for an optional extra the test extra installs: a skip with ``reason``
    where it is missing, but a failure on CI, where a missing extra would silently skip its tests."""
    try:
        return importlib.import_module(name)
    except ImportError:
        if on_ci():
            pytest.fail(f"{name} is not installed, and CI must run these tests: {reason}", pytrace=False)
        pytest.skip(reason, allow_module_level=True)


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    # Never read or write the user's real translation cache from tests.
    monkeypatch.setenv("TOLKA_CACHE_DIR", str(tmp_path_factory.mktemp("tolka-cache")))


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    """A random-weight Marian sv->en folder (sentencepiece, vocab.json, config, generation_config
    with 2 beams, 128-token limit), loadable with ``from_pretrained``. Built once per session
    (well under a second); its translations are gibberish but every code path runs for real."""
    import torch

    from translate.testing import TINY, build_random_marian

    # A 16-wide model is all thread overhead: on the shared 2-core CI box one thread decodes
    # it ~20x faster than two spinning ones.
    torch.set_num_threads(1)
    return build_random_marian(tmp_path_factory.mktemp("tiny-marian"), TINY)
