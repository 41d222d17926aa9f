"""Sentence alignment: n-m beads between a Swedish article and an English translation."""
