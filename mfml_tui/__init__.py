"""mfml-tui: a terminal tutor for the multivariate calculus that machine learning needs."""

__version__ = "0.1.0"
