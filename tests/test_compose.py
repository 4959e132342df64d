"""compose.yaml runs PostgreSQL, the web processes and two workers with the README's commands.

No container runtime runs here: the test reads the file as Compose would and compares its
commands with the README's production commands.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")
SERVICES = COMPOSE["services"]


def readme_production_commands() -> set[str]:
    """The command lines of the README's Production block, without `.venv/bin/` or comments."""
    section = README.split("\n## Production\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    commands = set()
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip().replace(".venv/bin/", "")
        if line and not line.startswith("export "):
            commands.add(" ".join(line.split()))
    return commands


def service_commands(service: dict) -> list[str]:
    """The commands a service runs, one per `&&` step."""
    command = service["command"]
    if isinstance(command, list):
        command = " ".join(command)
    command = re.sub(r'^sh -c "(.*)"$', r"\1", command.strip())
    return [" ".join(step.split()) for step in command.split("&&")]


def test_every_service_command_is_a_readme_production_command():
    readme = readme_production_commands()
    assert {"python manage.py migrate", "python manage.py db_worker"} <= readme
    for name, service in SERVICES.items():
        if "command" not in service:
            continue
        for command in service_commands(service):
            assert command in readme, f"{name}: {command!r} is not in the README's Production block"
            # The README's Compose section names the same command.
            assert command in " ".join(README.split("\n## Compose\n", 1)[1].split()), command


def test_the_image_collects_static_files_with_the_readme_command():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "python manage.py collectstatic --no-input" in readme_production_commands()
    assert "python manage.py collectstatic --no-input" in dockerfile


def test_it_runs_postgresql_the_web_processes_and_two_workers():
    assert SERVICES["db"]["image"].startswith("postgres:15")
    assert "pg_isready" in SERVICES["db"]["healthcheck"]["test"]
    web = [n for n, s in SERVICES.items() if "gunicorn" in str(s.get("command", ""))]
    workers = [n for n, s in SERVICES.items() if "db_worker" in str(s.get("command", ""))]
    assert web == ["web"]
    assert len(workers) == 2
    for name in [*web, *workers]:
        service = SERVICES[name]
        assert service["environment"]["DJANGO_ENV"] == "production"
        assert "@db:5432/" in service["environment"]["DATABASE_URL"]
        # Nothing serves before the migrations have run.
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert SERVICES["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])


def test_the_readme_says_how_to_start_it():
    assert "docker compose up --build" in README
