# syntax=docker/dockerfile:1

# ---- build: all dependencies, compile TypeScript into dist/ and bundle the workflows ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY web/package.json web/package-lock.json ./web/
RUN --mount=type=cache,target=/root/.npm cd web && npm ci --no-audit --no-fund
COPY . .
# Produces dist/ (server.js, worker.js, src/...), dist/workflow-bundle.js and the console in web/dist.
RUN npm run build

# ---- prod-deps: production dependencies only ----
FROM node:20-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# ---- runtime ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# package.json is needed at runtime ("type": "module").
COPY package.json package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The console, served at / (CONSOLE_DIR).
COPY --from=build /app/web/dist ./web/dist
# SQL migrations, read by dist/src/db/migrate.js.
COPY drizzle ./drizzle
USER node
EXPOSE 3000
# The same image runs the API (default), the worker (node dist/worker.js,
# WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js) and migrations (node dist/src/db/migrate.js).
CMD ["node", "dist/server.js"]
