// Starts @vercel/cosmosdb-server (an in-memory Cosmos DB NoSQL API over HTTPS with its bundled self-signed
// certificate) for the integration tests: node cosmos-server.js --port 8081 [--host 127.0.0.1]
"use strict";

// Fix for a bug in @vercel/cosmosdb-server 1.0.1: a point read of a missing item in a partitioned container
// throws inside the server (it indexes the missing document) and answers 500 instead of Cosmos DB's 404.
// The read-document handler is wrapped before the route table captures it; everything else is the package as is.
const readDocument = require("@vercel/cosmosdb-server/lib/handler/read-document");
const { parsePartitionKey } = require("@vercel/cosmosdb-server/lib/utils/get-partition-from-header");
const originalReadDocument = readDocument.default;
readDocument.default = (account, req, res, params) => {
  const collection = account.database(params.dbId).collection(params.collId);
  const header = req.headers["x-ms-documentdb-partitionkey"];
  if (collection.read() && header) {
    let missing = false;
    try {
      const partitionKey = parsePartitionKey(Array.isArray(header) ? header[0] : header, params.docId);
      missing = !collection.document(params.docId, partitionKey).read();
    } catch (err) {
      missing = false; // let the original handler report a malformed header
    }
    if (missing) {
      res.statusCode = 404;
      return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
    }
  }
  return originalReadDocument(account, req, res, params);
};

// The server does not answer query-plan requests (the .NET SDK asks the gateway for one on Linux/macOS, where its
// native query engine is absent) and would run the request as a query, which the SDK cannot read. Every query the
// tests send targets one partition, and the server runs ORDER BY, filters and continuation itself, so answer with a
// pass-through plan (no client-side ORDER BY/aggregates, the full range): the SDK then forwards the query as is.
const queryDocuments = require("@vercel/cosmosdb-server/lib/handler/query-documents");
const originalQueryDocuments = queryDocuments.default;
queryDocuments.default = (account, req, res, params) => {
  if (String(req.headers["x-ms-cosmos-is-query-plan-request"] || "").toLowerCase() === "true") {
    res.statusCode = 200;
    return {
      partitionedQueryExecutionInfoVersion: 2,
      queryInfo: {
        distinctType: "None",
        top: null,
        offset: null,
        limit: null,
        orderBy: [],
        orderByExpressions: [],
        groupByExpressions: [],
        groupByAliases: [],
        aggregates: [],
        groupByAliasToAggregateType: {},
        rewrittenQuery: "",
        hasSelectValue: false,
        dCountInfo: null,
        hasNonStreamingOrderBy: false
      },
      queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }]
    };
  }
  return originalQueryDocuments(account, req, res, params);
};

const { createHttpsServer } = require("@vercel/cosmosdb-server");

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = parseInt(arg("--port", "8081"), 10);
const host = arg("--host", "127.0.0.1");

const server = createHttpsServer({ keepAlive: true }).listen(port, host, () => {
  console.log(`cosmosdb-server ready at https://${host}:${port}/`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
