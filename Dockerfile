# syntax=docker/dockerfile:1
# The Glasspane host: API, event stream and the built kit (/elements/*), no dev dependencies.
#   docker build -t glasspane .
#   docker run -e GLASSPANE_ADMIN_KEY="$(openssl rand -base64 32)" -p 8787:8787 glasspane
# docs/deploying.md walks the compose.yaml next to this file (PostgreSQL, two hosts, a proxy).
ARG NODE_VERSION=20

# Every dependency, for building the kit. better-sqlite3 compiles here if no prebuilt binary fits.
FROM node:${NODE_VERSION}-bookworm-slim AS dev-deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The workspaces' manifests (npm ci links elements/, host/ and plugins/ as @glasspane/*).
COPY elements/package.json ./elements/
COPY host/package.json ./host/
COPY plugins/package.json ./plugins/
RUN npm ci --no-audit --no-fund

# The kit: dist/elements/<version>/ and the stable entries (vite build). docs/deploying.md
# ("Serving the kit") keeps earlier versions in a volume across image upgrades.
FROM dev-deps AS kit
COPY . .
RUN node node_modules/vite/bin/vite.js build --logLevel warn

# Production dependencies only (tsx is one: the host runs from its TypeScript sources).
FROM dev-deps AS prod-deps
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    PORT=8787 \
    GLASSPANE_LOG_FORMAT=json
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
# tsconfig.json: its paths map @glasspane/host, which the plugins import, to host/index.ts (tsx reads it).
COPY package.json tsconfig.json ./
COPY host ./host
COPY plugins ./plugins
COPY --from=kit /app/dist/elements ./dist/elements
# SQLite's default file (.data/glasspane.db) when DATABASE_URL is unset: mount a volume here.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 8787
# Liveness only (no database): a slow database must not get a healthy process restarted.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# host/main.ts drains on SIGTERM (GLASSPANE_SHUTDOWN_TIMEOUT_SECONDS, default 10; keep
# `docker stop -t` / stop_grace_period above it).
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "host/main.ts"]
