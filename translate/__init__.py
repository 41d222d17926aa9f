"""tolka: Swedish news articles into English, aligned, scored and exported."""

__version__ = "0.1.0"
