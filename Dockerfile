# One image recipe for every app: `docker build --build-arg APP=order-service .`
# Node 24 LTS, the major the repo pins (package.json devDependencies.node) and tests on.
# Stage 1: dependencies. Nothing compiles: better-sqlite3 13 ships Node-API prebuilds.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# Stage 2: type-check and bundle every app, then drop dev dependencies.
FROM deps AS build
COPY . .
RUN npm run build && npm prune --omit=dev

# Stage 3: runtime, as an unprivileged user.
FROM node:24-bookworm-slim AS runtime
ARG APP
ENV NODE_ENV=production \
    APP=${APP} \
    BIND_HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
# The apps' bundles and the admin console the gateway serves at /console (dist/console).
COPY --from=build /app/dist ./dist
# `npm run migration:run -- <service>` (a deploy step or Job in this image) runs scripts/migration.js
# on dist/apps/<app>/data-source.js.
COPY --from=build /app/scripts ./scripts
RUN mkdir -p /data && chown node:node /data
USER node
# SIGTERM reaches node directly (exec), so the bus drains before exit.
CMD ["sh", "-c", "exec node dist/apps/${APP}/main.js"]
