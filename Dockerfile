# One image for the web app, the Celery worker and Celery beat (see docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 INSTANCE_DIR=/data/instance STORAGE_DIR=/data/storage
WORKDIR /app
COPY pyproject.toml README.md ./
COPY letters_app ./letters_app
COPY workers ./workers
COPY templates ./templates
COPY fonts ./fonts
RUN pip install --no-cache-dir -e . \
 && useradd --system --home /data letters \
 && mkdir -p /data/instance /data/storage && chown -R letters /data
USER letters
EXPOSE 8000
CMD ["gunicorn", "--workers", "3", "--bind", "0.0.0.0:8000", "letters_app.web:create_app()"]
