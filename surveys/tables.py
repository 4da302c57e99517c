"""Piccolo tables of the surveys app."""
