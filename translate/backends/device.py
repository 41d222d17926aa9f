"""Devices and precision: ``auto|cpu|cuda`` resolved for an engine, the default compute type,
and the identity that makes two backends' outputs comparable.
"""

from __future__ import annotations

from ..errors import TolkaError


def resolve_device(device: str) -> str:
    """``auto`` -> ``cuda`` when torch sees a GPU, else ``cpu``; refuse ``cuda`` without one."""
    import torch

    return choose_device(device, lambda: torch.cuda.is_available(), "torch")


def choose_device(device: str, has_cuda, engine: str) -> str:
    """Resolve ``auto|cpu|cuda`` given ``has_cuda()`` (asked only when needed) for ``engine``."""
    if device not in ("auto", "cpu", "cuda"):
        raise TolkaError(f"unknown device {device!r}; use auto, cpu or cuda")
    if device == "cpu":
        return "cpu"
    if has_cuda():
        return "cuda"
    if device == "cuda":
        raise TolkaError(f"--device cuda was asked for but {engine} sees no CUDA GPU; use --device cpu or auto")
    return "cpu"


def default_compute_type(device: str) -> str:
    """float16 on a GPU (twice as fast, same translations in practice), float32 on CPU."""
    return "float16" if device == "cuda" else "float32"


def backend_identity(model_identity: str, backend: str, device: str, compute_type: str | None) -> str:
    """What makes two runs' outputs comparable: model, backend, device and precision."""
    return f"{model_identity}|{backend}|{device}|{compute_type or 'default'}"
