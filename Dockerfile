FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# gettext: compilemessages (Spanish and Arabic page chrome)
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md manage.py ./
COPY portal portal
COPY content content
COPY alerts alerts
COPY search search
COPY conversations conversations
COPY demo demo
COPY templates templates
COPY static static
COPY locale locale
COPY deploy deploy
RUN deploy/build.sh python && useradd --system beacon
USER beacon
EXPOSE 8000
CMD ["python", "-m", "portal.serve"]
