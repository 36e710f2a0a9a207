"""Shared code for the course *Imbalanced classification, honestly measured*.

Each module holds one kind of thing the chapters need and the libraries lack:
``datasets`` (loaders with their origin and licence), ``baselines`` (what trivial
predictors score at a given prevalence), ``plotting`` (the course's figure style),
``checks`` (self-checks for the exercises) and ``exercises`` (the generator that
turns solutions into exercises).
"""
