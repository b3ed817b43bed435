# readiness-gate as a container. See docs/deploy.md for how to run it and which
# environment it needs; nothing secret is ever written into the image.

# Build stage: the dev toolchain compiles TypeScript, then is pruned away so the
# runtime stage can copy production dependencies only.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage. Files stay owned by root and the process runs as `node`, so the
# app cannot rewrite its own code or dependencies.
FROM node:20-slim AS runtime
# HOST: Probot listens on localhost unless told otherwise, which no one outside
# the container could reach. LOG_FORMAT follows from NODE_ENV (pino JSON lines).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json app.yml ./
COPY templates ./templates
COPY schema ./schema
USER node
EXPOSE 3000
# The slim image has no curl; Node 20's fetch asks the app's own health endpoint.
# Exec form: the process reads PORT itself, so no shell is needed. No
# --start-period: the app is up within seconds, well inside three intervals, and
# dockerfilelint 1.8 rejects that option's name.
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/app/main.js"]
