FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY portal portal
COPY content content
COPY alerts alerts
COPY search search
COPY templates templates
COPY static static
COPY manage.py gunicorn.conf.py ./
RUN pip install --no-cache-dir . && useradd --system beacon \
    && DJANGO_SETTINGS_MODULE=portal.settings.dev python manage.py collectstatic --noinput
USER beacon
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "portal.wsgi"]
