# One image recipe for every app: `docker build --build-arg APP=order-service .`
# Stage 1: dependencies (better-sqlite3 compiles natively, hence the toolchain).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# Stage 2: type-check and bundle every app, then drop dev dependencies.
FROM deps AS build
COPY . .
RUN npm run build && npm prune --omit=dev

# Stage 3: runtime, as an unprivileged user.
FROM node:20-bookworm-slim AS runtime
ARG APP
ENV NODE_ENV=production \
    APP=${APP} \
    BIND_HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
# SIGTERM reaches node directly (exec), so the bus drains before exit.
CMD ["sh", "-c", "exec node dist/apps/${APP}/main.js"]
