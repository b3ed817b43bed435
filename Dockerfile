# Build stage: compile TypeScript with the dev toolchain.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: production dependencies and compiled code only; no secrets baked in
# (APP_ID, PRIVATE_KEY and WEBHOOK_SECRET come from the environment at run time).
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json app.yml ./
COPY templates ./templates
COPY schema ./schema
USER node
EXPOSE 3000
CMD ["node", "dist/app/main.js"]
