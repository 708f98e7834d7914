// Starts @vercel/cosmosdb-server (an in-memory Cosmos DB NoSQL API over HTTPS with its bundled self-signed
// certificate) for the integration tests: node cosmos-server.js --port 8081 [--host 127.0.0.1]
"use strict";

const { createHttpsServer } = require("@vercel/cosmosdb-server");

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = parseInt(arg("--port", "8081"), 10);
const host = arg("--host", "127.0.0.1");

const server = createHttpsServer().listen(port, host, () => {
  console.log(`cosmosdb-server ready at https://${host}:${port}/`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
