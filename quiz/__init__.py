"""media-quiz: sort claims from a real article as fact, inference, opinion or rhetoric."""

__version__ = "0.1.0"
