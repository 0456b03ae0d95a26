"""Renderers: interactive HTML graph views and text reports."""
