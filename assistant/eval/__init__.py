"""Evaluation suites: retrieval, NLU and CF against real dev data."""
