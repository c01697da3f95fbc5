# pixcertif — one image for web (gunicorn), worker and beat (Celery). See docs/deploiement.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIXCERTIF_VAR_DIR=/app/var \
    DJANGO_DEBUG=false

# WeasyPrint (Pango, HarfBuzz, fonts) and gettext for the French catalogue.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first (the project declares no package: `pip install .` installs its dependencies).
COPY pyproject.toml README.md LICENSE ./
RUN pip install .

COPY . .
RUN DJANGO_SECRET_KEY=image-build-only-not-a-secret-key-0123456789abcdefghijklmnop \
        python manage.py compilemessages --ignore=.venv --verbosity 0 \
    && DJANGO_SECRET_KEY=image-build-only-not-a-secret-key-0123456789abcdefghijklmnop \
        python manage.py collectstatic --noinput --verbosity 0 \
    && useradd --system --create-home --home-dir /home/pixcertif pixcertif \
    && mkdir -p /app/var/media /app/var/beat \
    && chown -R pixcertif:pixcertif /app/var

USER pixcertif
EXPOSE 8000

# Same command as the Procfile's web process; docker-compose.yml runs migrate first.
CMD ["sh", "-c", "exec gunicorn pixcertif.wsgi --bind 0.0.0.0:${PORT:-8000} --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
