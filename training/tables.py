"""Piccolo tables of the training app."""
