"""Benchmarks that print figures: `python manage.py benchmark NAME`.

Each module exposes `run(stdout, options: dict) -> None`.
"""
