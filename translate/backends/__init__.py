"""Decoding backends: plain transformers, and CTranslate2 when installed."""
