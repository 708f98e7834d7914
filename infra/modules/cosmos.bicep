// Cosmos DB for NoSQL: account, the `commerce` database and its containers.
// Every container is partitioned on the synthetic `/pk` path the document-store adapter writes
// (cart by cartId, inventory by sku, order by orderId, ...), so hot paths are point reads or
// single-partition queries. Local (key) auth is off: only Entra ID with data-plane RBAC works.

param name string
param location string
param tags object

@description('serverless (pay per request, default) or autoscale (provisioned throughput with an autoscale maximum).')
@allowed([
  'serverless'
  'autoscale'
])
param throughputMode string = 'serverless'

@description('Autoscale maximum RU/s shared by the database when throughputMode is autoscale.')
@minValue(1000)
param autoscaleMaxThroughput int = 4000

@description('Database name; the apps read it from CosmosDb__databaseName.')
param databaseName string = 'commerce'

// The containers the apps use. TTL is on everywhere with defaultTtl -1: nothing expires unless a document sets
// its own `ttl` (abandoned carts, expiring stock reservations, idempotency records, ...). That is what the
// document-store adapter creates when it finds a container missing, so Azure and local runs behave alike:
// a per-item ttl on a container without TTL enabled would be silently ignored.
var containerNames = [
  // catalog
  'products'
  'product-slugs'
  'product-listings'
  'categories'
  'skus'
  // cart
  'carts'
  'promotions'
  'promotion-calendar' // when each promotion runs and what it targets: written by the cart, read by replenishment (forecast features)
  'promotion-usage'
  // orders
  'inventory'
  'reservations'
  'checkout-requests'
  'checkout-admissions'
  'checkouts-in-flight' // checkout sagas started and not ended: the admission backlog and the sweep
  'cart-claims' // one checkout per cart: the order that holds each cart, partitioned by cart id
  'orders'
  'customer-orders' // order history: one summary per order, partitioned by customer id
  'payment-events' // payment webhook event ids already applied (replay protection), partitioned by event id
  // analytics and recommendations
  'aggregates'
  'interactions'
  'product-demand' // each product's daily views, add-to-carts and units sold: written by analytics, read by pricing
  // pricing
  'pricing-skus' // costs and the SKU's own guardrail
  'pricing-categories' // category guardrails and approval mode, one partition
  'pricing-category-skus' // the SKUs a pricing run walks, partitioned by category
  'price-proposals'
  'price-changes' // every applied change: who or what, old, new, reason
  'competitor-prices'
  'applied-prices' // written by pricing, read by the catalog
  'price-models' // the price-response model per category
  'price-experiments'
  'price-experiment-claims' // one claim per experiment target: overlapping experiments are refused
  'price-experiment-totals' // visitors, conversions, revenue and margin per variant
  'price-experiment-visitors' // each shopper counted in an experiment (exposure, purchases), from the clickstream
  'live-price-experiments' // running experiments, written by pricing, read by the catalog, cart and orders (variant prices)
  // replenishment
  'replenishment-supply-terms' // lead time and review period per supplier x warehouse
  'replenishment-service-levels' // target service level per category
  'replenishment-sku-suppliers' // the supplier of each SKU
  'replenishment-demand' // units shipped per SKU x warehouse and day, partitioned by SKU partition (the run's fan-out)
  'replenishment-models' // the demand model each nightly run trained
  'replenishment-plans' // forecast, reorder point and order-up-to per SKU x warehouse
  'replenishment-risks' // each run's stockout risks, partitioned by run
  'replenishment-suggestions' // one purchase/transfer decision per SKU x warehouse x day
  'replenishment-runs' // the last completed run
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: throughputMode == 'serverless' ? [{ name: 'EnableServerless' }] : []
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    enableAutomaticFailover: false
    enableFreeTier: false
  }

  resource database 'sqlDatabases' = {
    name: databaseName
    properties: {
      resource: {
        id: databaseName
      }
      options: throughputMode == 'autoscale'
        ? {
            autoscaleSettings: {
              maxThroughput: autoscaleMaxThroughput
            }
          }
        : {}
    }

    resource sqlContainers 'containers' = [
      for containerName in containerNames: {
        name: containerName
        properties: {
          resource: {
            id: containerName
            partitionKey: {
              paths: ['/pk']
              kind: 'Hash'
              version: 2
            }
            defaultTtl: -1
            indexingPolicy: {
              indexingMode: 'consistent'
              automatic: true
              includedPaths: [{ path: '/*' }]
              excludedPaths: [{ path: '/"_etag"/?' }]
            }
          }
        }
      }
    ]
  }
}

// Reading the account's metadata (account, database and container properties) and nothing else: every app holds it at
// account scope, next to its container-scoped data roles (the built-in roles would grant items everywhere).
resource metadataReader 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions@2024-11-15' = {
  parent: account
  name: guid(account.id, 'commerce-metadata-reader')
  properties: {
    roleName: 'Commerce Metadata Reader'
    type: 'CustomRole'
    assignableScopes: [
      account.id
    ]
    permissions: [
      {
        dataActions: [
          'Microsoft.DocumentDB/databaseAccounts/readMetadata'
        ]
      }
    ]
  }
}

output name string = account.name
output metadataReaderRoleId string = metadataReader.id
output endpoint string = account.properties.documentEndpoint
output databaseName string = account::database.name
output containerNames string[] = containerNames
