# One image for the web and worker processes.
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-dejavu-core gettext \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=lfs_site.settings
WORKDIR /app
COPY pyproject.toml README.md ./
COPY lfs_site lfs_site
COPY organizations organizations
COPY stories stories
COPY methods methods
COPY companions companions
COPY publications publications
RUN pip install --no-cache-dir -e .
COPY . .
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput --verbosity 0

RUN useradd --create-home lfs && mkdir -p /data/media && chown lfs /data/media
USER lfs
EXPOSE 8000
CMD ["gunicorn", "lfs_site.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--max-requests", "2000", "--max-requests-jitter", "200", "--access-logfile", "-"]
