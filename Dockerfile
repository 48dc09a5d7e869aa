FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=salesops.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
# Build-time only secrets: collectstatic and compilemessages need settings to load.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py compilemessages -v0 --ignore=.venv \
 && SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput -v0
RUN useradd --create-home salesops && mkdir -p /app/media && chown salesops /app/media
USER salesops
EXPOSE 8000
CMD ["gunicorn", "salesops.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
