"""Writes that touch several rows, each in one transaction (views and commands call these)."""
