"""Analyses: pure functions over extracted networkx graphs; none talks to a database."""
