# syntax=docker/dockerfile:1
# driftwatch service image. The build stage compiles TypeScript with the dev dependencies; the
# runtime stage carries only production dependencies, the compiled code and the shipped configs.
#
#   docker build -t driftwatch .
#   docker run --rm -e KAFKA_BROKERS=broker:9092 -p 127.0.0.1:9464:9464 driftwatch

FROM node:24-bookworm-slim AS build
WORKDIR /app

# Install scripts are skipped because only native helpers of dev tools (swc, parcel, ssh2) have
# them, and tsc needs none of those.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build


FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY config ./config
COPY pipelines ./pipelines

# `driftwatch replay --input /data/weather.csv` reads the sample data sets that the
# vega-datasets production dependency ships.
RUN ln -s /app/node_modules/vega-datasets/data /data

# The `node` user (uid 1000) comes with the base image. The service writes nothing to disk, so
# the root-owned, world-readable files above are enough.
USER node

EXPOSE 9464

# Slim images have no curl, so the check uses Node's fetch. It follows DRIFTWATCH_HTTP_PORT when
# the port is overridden, and it fails (503) until every pipeline has joined its consumer group.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.DRIFTWATCH_HTTP_PORT || 9464}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["node", "bin/driftwatch.js"]
CMD ["run", "--config", "config/docker/driftwatch.yaml"]
