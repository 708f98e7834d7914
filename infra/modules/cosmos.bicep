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

// defaultTtl -1: TTL is on but nothing expires unless a document sets its own `ttl`
// (abandoned carts, expiring stock reservations, idempotency records).
var containers = [
  { name: 'products', defaultTtl: 0 }
  { name: 'categories', defaultTtl: 0 }
  { name: 'carts', defaultTtl: -1 }
  { name: 'inventory', defaultTtl: 0 }
  { name: 'reservations', defaultTtl: -1 }
  { name: 'orders', defaultTtl: 0 }
  { name: 'promotions', defaultTtl: 0 }
  { name: 'idempotency', defaultTtl: -1 }
  { name: 'aggregates', defaultTtl: 0 }
  { name: 'interactions', defaultTtl: 0 }
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
      for container in containers: {
        name: container.name
        properties: {
          resource: union(
            {
              id: container.name
              partitionKey: {
                paths: ['/pk']
                kind: 'Hash'
                version: 2
              }
              indexingPolicy: {
                indexingMode: 'consistent'
                automatic: true
                includedPaths: [{ path: '/*' }]
                excludedPaths: [{ path: '/"_etag"/?' }]
              }
            },
            container.defaultTtl == 0 ? {} : { defaultTtl: container.defaultTtl }
          )
        }
      }
    ]
  }
}

output name string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = account::database.name
output containerNames string[] = [for container in containers: container.name]
