"""storyline: turn a pile of news articles into a dated, cited story timeline."""

__version__ = "0.1.0"
