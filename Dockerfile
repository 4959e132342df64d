# The Newsdesk image that compose.yaml runs as the web process, the workers and the migrations.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus
# Pango renders PDF reports (WeasyPrint); postgresql-client gives pg_dump for backups;
# gettext compiles the French interface's catalogues (they are not committed).
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       fonts-dejavu-core postgresql-client gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN mkdir -p "$PROMETHEUS_MULTIPROC_DIR" \
    && DJANGO_ENV=production SECRET_KEY=collectstatic-only ALLOWED_HOSTS=build \
       python manage.py collectstatic --no-input \
    && python manage.py compilemessages --ignore=.venv --verbosity 0
RUN useradd --system newsdesk && chown -R newsdesk "$PROMETHEUS_MULTIPROC_DIR"
USER newsdesk
EXPOSE 8000
