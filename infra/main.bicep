// Commerce Functions: everything `azd up` provisions.
// Subscription scope: creates the resource group, then the platform inside it through local modules
// (the public Bicep registry is out of reach, so no br/public modules).
// Identity, not keys: every app runs as its own user-assigned managed identity, every data-plane path
// is an RBAC role assignment named guid(scope, principal, role), and shared keys / local auth are off
// on every service that has them.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; prefixes the resource group and seeds resource names.')
param environmentName string

@minLength(1)
@description('Primary location for all resources. Must offer Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user or principal; gets the same data-plane roles as the apps so local runs against the cloud work. Empty to skip.')
param principalId string = ''

@description('Principal type of principalId: User for a developer, ServicePrincipal for a CI identity.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Cosmos DB throughput: serverless (default, pay per request) or autoscale (provisioned, autoscale maximum below).')
@allowed([
  'serverless'
  'autoscale'
])
param cosmosThroughputMode string = 'serverless'

@description('Autoscale maximum RU/s for the commerce database when cosmosThroughputMode is autoscale.')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 4000

@description('Azure AI Search pricing tier.')
@allowed([
  'basic'
  'standard'
  'standard2'
  'standard3'
])
param searchSku string = 'basic'

@description('Partitions of the clickstream event hub.')
@minValue(1)
@maxValue(32)
param eventHubPartitionCount int = 8

@description('Integrate every function app with a VNet (one delegated subnet per app).')
param vnetEnabled bool = false

@description('Upper bound of instances each Flex Consumption app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each Flex Consumption instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Replication of the Durable Functions task hub account: ZRS (zone-redundant) by default; LRS in a region without availability zones.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param durableStorageSku string = 'Standard_ZRS'

@description('Always-ready instances of the cart and orders apps (HTTP, and for orders also the Durable Functions group): 0 on ordinary days; raise it before a flash sale so the first minute does not wait for cold starts. Billed while ready.')
@minValue(0)
@maxValue(20)
param saleAlwaysReadyInstances int = 0

@description('Comma-separated browser origins of the storefront (e.g. https://shop.example.com,https://www.example.com) that may call the apps; empty: no browser origin (server-side storefronts only). Each must be an https origin; a wildcard is refused.')
param allowedOrigins string = ''

@description('The storefront edge (API Management v2): one hostname for /api/*, CORS, per-client rate limits on cart and checkout.')
@allowed([
  'BasicV2'
  'StandardV2'
])
param edgeSku string = 'BasicV2'

@description('Contact address API Management requires for its publisher (not a secret).')
param edgePublisherEmail string = 'commerce-ops@example.com'

@description('Calls per minute one client address may make to /api/carts through the edge.')
@minValue(1)
param edgeCartCallsPerMinute int = 300

@description('Calls per minute one client address may make to /api/checkout through the edge (a flash sale\'s bots hit this first).')
@minValue(1)
param edgeCheckoutCallsPerMinute int = 20

@description('OpenID Connect authority of the storefront\'s customer sign-in (e.g. an Entra External ID tenant); cart and orders accept customer bearer tokens it issues. Empty: guests only.')
param customerAuthAuthority string = ''

@description('Audience customer bearer tokens must carry (the storefront API\'s application id URI or client id).')
param customerAuthAudience string = ''

@description('Object id of the warehouse integration\'s principal (a service principal or managed identity the warehouse system signs in as). It may send on stock-levels, shipment-confirmations, returns and cancellation-confirmations and receive from fulfilment-requests and fulfilment-cancellations, nothing else. Empty: no warehouse access.')
param warehousePrincipalId string = ''

@description('Object id of the stores\' point-of-sale integration\'s principal. It may send on store-sales (till sales that take units off a store\'s on-hand), nothing else. Empty: no store access.')
param storePrincipalId string = ''

@description('Object id of the price monitoring service\'s principal (a service principal or managed identity it signs in as). It may send on the pricing app\'s competitor-prices queue, nothing else. Empty: no price monitoring access.')
param priceMonitorPrincipalId string = ''

// ---- Payment secrets: azd asks for each one (or reads STRIPE_API_KEY, STRIPE_WEBHOOK_SECRET and
// PAYMENT_TOKEN_KEY from the azd environment); they go into Key Vault, never into app settings. ----

@secure()
@minLength(1)
@description('Stripe secret API key of the live (or test-mode) account the orders app charges through.')
param stripeApiKey string

@secure()
@minLength(1)
@description('Signing secret of the Stripe webhook endpoint registered for https://<orders app>/api/payments/webhook.')
param stripeWebhookSecret string

@secure()
@minLength(32)
@description('Key that seals payment tokens in checkout saga inputs: 32 random bytes, base64 (openssl rand -base64 32).')
param paymentTokenKey string

@secure()
@description('During a rotation of paymentTokenKey: the key(s) it replaced, comma separated, so checkouts sealed before the rotation still open their tokens. Empty otherwise.')
param paymentTokenPreviousKeys string = ''

var abbrs = loadJsonContent('abbreviations.json')
var storefrontOrigins = filter(map(split(allowedOrigins, ','), origin => trim(origin)), origin => !empty(origin))
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  eventHubsDataSender: '2b629674-e913-4c01-ae53-ef4638d8f975'
  eventHubsDataReceiver: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
  searchIndexDataContributor: '8ebe5a00-799e-43f5-93ac-243d3dce84a7'
  searchServiceContributor: '7ca78c08-252a-4471-8644-bb5ff32d4ba0'
  storageQueueDataMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
  storageQueueDataMessageProcessor: '8a0f0c08-91a1-4084-bc3d-661d67233fed'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
}

// The deploying developer's roles on an account it runs the apps locally against (the apps get scoped roles below).
var storageRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

// The index of the orders app in `apps`, the one app that reads payment secrets (the Key Vault policy
// test fails if this points at another app's identity).
var ordersApp = 2
var cartApp = 1

// The catalog (its runtime account holds the applied-prices queue) and pricing (which sends on it).
var catalogApp = 0
var pricingApp = 4
var replenishmentApp = 5

// Durable Functions on the task hub account: leases and large messages (blobs), work queues, history and instance
// tables. Contributor, not owner: the extension creates and uses its resources, nothing more.
var durableStorageRoles = [
  roles.storageBlobDataContributor
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

var clickstreamHubName = 'clickstream'
var clickstreamConsumerGroup = 'analytics'
var databaseName = 'commerce'

// Warehouses push stock levels, shipment confirmations, returns and cancellation answers; the orders app enqueues
// fulfilment requests and cancellations.
// The names are the orders app's queue triggers (a test keeps them in step with the code). The poison queues are
// created up front: the host moves a failing message there, and with queue-scoped roles it could not create one.
var warehouseQueues = [
  'stock-levels'
  'shipment-confirmations'
  'returns'
  'fulfilment-requests'
  // cancel after fulfilment was requested: the platform asks warehouses to stop, they answer
  'fulfilment-cancellations'
  'cancellation-confirmations'
  // flash-sale protection: nudges the orders app to drain its checkout admission lane
  'checkout-admission'
  // stores' tills report sales (Commerce.Contracts.StoreSale): units leave the store's on-hand
  'store-sales'
]
// Checkout tells the cart context which carts became orders (Commerce.Contracts.CartCheckedOut): orders sends, the cart
// app's trigger receives (through its CheckedOutCarts__* settings) and removes each cart, the one writer of carts.
var checkedOutCartsQueues = ['checked-out-carts', 'checked-out-carts-poison']
// Orders publishes what left a warehouse (Commerce.Contracts.ShippedUnits): orders sends, the replenishment app's
// trigger receives (through its ShippedUnits__* settings) and counts it into its demand history.
var shippedUnitsQueues = ['shipped-units', 'shipped-units-poison']
var ordersQueues = concat(warehouseQueues, map(warehouseQueues, q => '${q}-poison'), checkedOutCartsQueues, shippedUnitsQueues)
// Replenishment's suggested purchase orders and transfers (Commerce.Contracts.ReplenishmentOrder), on its own runtime
// account: the app sends, a warehouse or ERP receives.
var replenishmentOrdersQueue = 'replenishment-orders'

// What the Functions host keeps in its own storage (AzureWebJobsStorage): listener and timer leases, and the app's
// function keys. (Analytics adds the Event Hubs trigger's checkpoints: `hostContainers` per app below.)
var hostContainers = [
  'azure-webjobs-hosts'
  'azure-webjobs-secrets'
]

// The six function apps and the data each one reaches, scoped to what it owns (infra/README.md has the table;
// AppTopologyTests keeps it in step with the code). The order is fixed: outputs index into it.
//   Every app has its own runtime storage account (`st<storageName><token>`): its host containers, its deployment package,
//   and for orders the warehouse queues its triggers read; sendQueues are queues on it the app only sends on.
//   The app's roles there name each container and queue.
//   The data account (`st<token>`) holds product images (catalog writes, the edge reads) and recommendation models
//   (analytics trains and writes, catalog reads).
//   cosmosWrites / cosmosReads: Cosmos DB containers, each role assignment scoped to one container.
var apps = [
  {
    name: 'catalog'
    storageName: 'catalog'
    searchRoles: [roles.searchIndexDataContributor, roles.searchServiceContributor]
    // sends the exposures of price experiments (a shopper shown a variant's price)
    eventHubsRoles: [roles.eventHubsDataSender]
    usesBlobs: true
    dataBlobs: [
      { container: productImagesContainer, role: roles.storageBlobDataContributor }
      { container: 'models', role: roles.storageBlobDataReader }
    ]
    // prices the pricing context applied (its trigger applies each to the product, search and the SKU snapshot)
    queues: ['applied-prices', 'applied-prices-poison']
    sendQueues: []
    hostContainers: hostContainers
    cosmosWrites: ['products', 'product-slugs', 'product-listings', 'categories', 'skus']
    // sellable products (stock), the shoppers' histories and trending list recommendations are served from, and the
    // prices the pricing context applied (its applied-prices trigger writes them into products)
    cosmosReads: ['inventory', 'interactions', 'applied-prices', 'live-price-experiments']
  }
  {
    name: 'cart'
    storageName: 'cart'
    searchRoles: []
    eventHubsRoles: [roles.eventHubsDataSender]
    usesBlobs: false
    dataBlobs: []
    queues: []
    sendQueues: []
    hostContainers: hostContainers
    // promotions: the promotion seeder (Cart:SeedPromotions) creates the configured promotions at start, and publishes
    // each one's window to the promotion calendar
    cosmosWrites: ['carts', 'promotions', 'promotion-calendar']
    // prices and availability of what goes in a cart; promotion usage (limits)
    cosmosReads: ['skus', 'inventory', 'promotion-usage', 'live-price-experiments']
  }
  {
    name: 'orders'
    storageName: 'orders'
    searchRoles: []
    eventHubsRoles: [roles.eventHubsDataSender]
    usesBlobs: false
    dataBlobs: []
    queues: ordersQueues
    sendQueues: []
    hostContainers: hostContainers
    // carts: checkout reads and prices them; it no longer deletes one (the cart app does, on a checked-out-carts message)
    cosmosWrites: [
      'inventory'
      'reservations'
      'promotion-usage'
      'checkout-requests'
      'checkout-admissions'
      'checkouts-in-flight'
      'cart-claims'
      'orders'
      'customer-orders'
      'payment-events'
    ]
    // checkout prices the cart from the catalog's SKUs and the cart's promotions
    cosmosReads: ['carts', 'skus', 'promotions', 'live-price-experiments']
  }
  {
    name: 'analytics'
    storageName: 'analytics'
    searchRoles: []
    eventHubsRoles: [roles.eventHubsDataSender, roles.eventHubsDataReceiver]
    usesBlobs: true
    dataBlobs: [
      { container: 'models', role: roles.storageBlobDataContributor }
    ]
    queues: []
    sendQueues: []
    // the Event Hubs trigger checkpoints its partitions in the runtime account
    hostContainers: concat(hostContainers, ['azure-webjobs-eventhub'])
    cosmosWrites: ['aggregates', 'interactions', 'product-demand']
    // a purchase event names an order and its SKUs
    cosmosReads: ['orders', 'skus']
  }
  {
    name: 'pricing'
    storageName: 'pricing'
    searchRoles: []
    // reads the clickstream on its own consumer group: price experiments' exposures and purchases
    eventHubsRoles: [roles.eventHubsDataReceiver]
    usesBlobs: false
    dataBlobs: []
    // prices a price monitoring service pushes (its trigger poisons malformed ones)
    queues: ['competitor-prices', 'competitor-prices-poison']
    sendQueues: []
    hostContainers: hostContainers
    // its own documents, and the prices it applied (the catalog reads them when told on its applied-prices queue)
    cosmosWrites: [
      'pricing-skus'
      'pricing-categories'
      'pricing-category-skus'
      'price-proposals'
      'price-changes'
      'competitor-prices'
      'applied-prices'
      'price-models'
      'price-experiments'
      'price-experiment-claims'
      'price-experiment-totals'
      'price-experiment-visitors'
      'live-price-experiments'
    ]
    // the catalog's SKU snapshots (price now, category), the stock a checkout in flight holds and sell-through (stock
    // cover), and each product's daily demand (the signals and the price model's history)
    cosmosReads: ['skus', 'inventory', 'product-demand']
  }
  {
    name: 'replenishment'
    // st<name><token> would be 28 characters; storage account names have at most 24
    storageName: 'repl'
    searchRoles: []
    eventHubsRoles: []
    usesBlobs: false
    dataBlobs: []
    // no trigger on its own account (shipped-units is on orders'); the replenishment-orders queue it sends on lives here
    queues: []
    sendQueues: [replenishmentOrdersQueue]
    hostContainers: hostContainers
    cosmosWrites: [
      'replenishment-supply-terms'
      'replenishment-service-levels'
      'replenishment-sku-suppliers'
      'replenishment-demand'
      'replenishment-models'
      'replenishment-plans'
      'replenishment-risks'
      'replenishment-suggestions'
      'replenishment-runs'
    ]
    // the catalog's SKU snapshots (category: the service level; product), the stock on hand per warehouse, and the
    // forecast's features from the other contexts: analytics' product demand (clickstream) and the cart's promotion calendar
    cosmosReads: ['skus', 'inventory', 'product-demand', 'promotion-calendar']
  }
]

var productImagesContainer = 'product-images'
var dataContainers = [
  productImagesContainer
  'models'
]

// The storefront edge's name and gateway (API Management's default hostname): the catalog hands out image URLs on it.
var edgeName = '${abbrs.apiManagementService}${resourceToken}'
var edgeImagesUrl = 'https://${edgeName}.azure-api.net/images'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

// The data account: product images and recommendation models. No app's runtime and no queue lives here.
module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    containers: dataContainers
  }
}

// Each app's runtime storage (AzureWebJobsStorage), as Azure Functions recommends: one account per app, so no app
// can reach another's function keys or leases. Orders' account also holds the warehouse queues its triggers read.
module appStorage 'modules/storage.bicep' = [
  for app in apps: {
    name: 'storage-${app.name}'
    scope: rg
    params: {
      name: '${abbrs.storageStorageAccounts}${app.storageName}${resourceToken}'
      location: location
      tags: tags
      containers: concat(app.hostContainers, ['deploy-${app.name}'])
      queues: concat(app.queues, app.sendQueues)
    }
  }
]

// The orders app's saga task hub on its own account: orchestration queues and history tables get the whole
// account's request rate, and a zone outage does not lose in-flight checkouts.
module durableStorage 'modules/storage.bicep' = {
  name: 'storage-durable'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}dt${resourceToken}'
    location: location
    tags: tags
    skuName: durableStorageSku
  }
}

// The pricing run (a timer starts a Durable Functions fan-out, one activity per category) on a task hub account of its
// own, so the orders sagas' account stays the orders app's alone. A run lost with a zone is simply the next run: LRS.
module pricingDurableStorage 'modules/storage.bicep' = {
  name: 'storage-durable-pricing'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}dt${apps[pricingApp].name}${resourceToken}'
    location: location
    tags: tags
    skuName: 'Standard_LRS'
  }
}

// The nightly replenishment run (a timer starts a Durable Functions fan-out over partitions of SKUs) on a task hub
// account of its own, as pricing's. A run lost with a zone is simply the next run: LRS.
module replenishmentDurableStorage 'modules/storage.bicep' = {
  name: 'storage-durable-replenishment'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}dt${apps[replenishmentApp].storageName}${resourceToken}'
    location: location
    tags: tags
    skuName: 'Standard_LRS'
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
    location: location
    tags: tags
    throughputMode: cosmosThroughputMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    databaseName: databaseName
  }
}

module search 'modules/search.bicep' = {
  name: 'search'
  scope: rg
  params: {
    name: '${abbrs.searchSearchServices}${resourceToken}'
    location: location
    tags: tags
    sku: searchSku
  }
}

module eventHubs 'modules/eventhubs.bicep' = {
  name: 'eventhubs'
  scope: rg
  params: {
    name: '${abbrs.eventHubNamespaces}${resourceToken}'
    location: location
    tags: tags
    hubName: clickstreamHubName
    partitionCount: eventHubPartitionCount
    consumerGroupName: clickstreamConsumerGroup
  }
}

module network 'modules/network.bicep' = if (vnetEnabled) {
  name: 'network'
  scope: rg
  params: {
    name: '${abbrs.networkVirtualNetworks}${resourceToken}'
    location: location
    tags: tags
    appNames: map(apps, app => app.name)
  }
}

module identities 'modules/identity.bicep' = [
  for app in apps: {
    name: 'identity-${app.name}'
    scope: rg
    params: {
      name: '${abbrs.managedIdentityUserAssignedIdentities}${app.name}-${resourceToken}'
      location: location
      tags: tags
    }
  }
]

// ---- Role assignments: the apps ----

// The host's containers and the deployment package on the app's own runtime account: Blob Data Owner, scoped to
// each container.
module appHostRoles 'modules/rbac/container-roles.bicep' = [
  for (app, i) in apps: {
    name: 'rbac-host-${app.name}'
    scope: rg
    params: {
      storageAccountName: appStorage[i].outputs.name
      principalId: identities[i].outputs.principalId
      grants: map(concat(app.hostContainers, ['deploy-${app.name}']), container => {
        container: container
        role: roles.storageBlobDataOwner
      })
    }
  }
]

// The queues an app's triggers read and its code sends to (orders: the warehouse queues), each scoped to one queue.
module appQueueRoles 'modules/rbac/queue-roles.bicep' = [
  for (app, i) in apps: if (!empty(app.queues)) {
    name: 'rbac-queues-${app.name}'
    scope: rg
    params: {
      storageAccountName: appStorage[i].outputs.name
      principalId: identities[i].outputs.principalId
      grants: map(app.queues, queue => {
        queue: queue
        role: roles.storageQueueDataContributor
      })
    }
  }
]

// Images and models on the data account, scoped to each container.
module appDataBlobRoles 'modules/rbac/container-roles.bicep' = [
  for (app, i) in apps: if (!empty(app.dataBlobs)) {
    name: 'rbac-blobs-${app.name}'
    scope: rg
    params: {
      storageAccountName: storage.outputs.name
      principalId: identities[i].outputs.principalId
      grants: app.dataBlobs
    }
  }
]

// Only the orders app runs sagas: the task hub account is its alone.
module ordersDurableStorageRoles 'modules/rbac/storage-roles.bicep' = {
  name: 'rbac-storage-durable-orders'
  scope: rg
  params: {
    storageAccountName: durableStorage.outputs.name
    principalId: identities[ordersApp].outputs.principalId
    roleDefinitionIds: durableStorageRoles
  }
}

// Only the pricing app runs the pricing run: its task hub account is its alone.
module pricingDurableStorageRoles 'modules/rbac/storage-roles.bicep' = {
  name: 'rbac-storage-durable-pricing'
  scope: rg
  params: {
    storageAccountName: pricingDurableStorage.outputs.name
    principalId: identities[pricingApp].outputs.principalId
    roleDefinitionIds: durableStorageRoles
  }
}

// Pricing tells the catalog about an applied price on the catalog's applied-prices queue: send, nothing else (the
// catalog's trigger reads it and moves a failing message to the poison queue).
module pricingAppliedPriceRoles 'modules/rbac/queue-roles.bicep' = {
  name: 'rbac-queues-pricing-applied-prices'
  scope: rg
  params: {
    storageAccountName: appStorage[catalogApp].outputs.name
    principalId: identities[pricingApp].outputs.principalId
    grants: [
      {
        queue: 'applied-prices'
        role: roles.storageQueueDataMessageSender
      }
    ]
  }
}

// Only the replenishment app runs the nightly replenishment run: its task hub account is its alone.
module replenishmentDurableStorageRoles 'modules/rbac/storage-roles.bicep' = {
  name: 'rbac-storage-durable-replenishment'
  scope: rg
  params: {
    storageAccountName: replenishmentDurableStorage.outputs.name
    principalId: identities[replenishmentApp].outputs.principalId
    roleDefinitionIds: durableStorageRoles
  }
}

// Replenishment sends its suggestions on the replenishment-orders queue of its own account: send, nothing else.
module replenishmentOrdersQueueRoles 'modules/rbac/queue-roles.bicep' = {
  name: 'rbac-queues-replenishment-orders'
  scope: rg
  params: {
    storageAccountName: appStorage[replenishmentApp].outputs.name
    principalId: identities[replenishmentApp].outputs.principalId
    grants: [
      {
        queue: replenishmentOrdersQueue
        role: roles.storageQueueDataMessageSender
      }
    ]
  }
}

// The replenishment app's trigger on the orders account: the shipped-units queue and its poison queue, nothing else there.
module replenishmentShippedUnitsQueueRoles 'modules/rbac/queue-roles.bicep' = {
  name: 'rbac-queues-replenishment-shipped-units'
  scope: rg
  params: {
    storageAccountName: appStorage[ordersApp].outputs.name
    principalId: identities[replenishmentApp].outputs.principalId
    grants: map(shippedUnitsQueues, queue => {
      queue: queue
      role: roles.storageQueueDataContributor
    })
  }
}

// Cosmos DB: account metadata (a custom role with readMetadata alone) at account scope, then Data Contributor on each
// container the app writes and Data Reader on each it only reads.
module appCosmosRoles 'modules/rbac/cosmos-roles.bicep' = [
  for (app, i) in apps: {
    name: 'rbac-cosmos-${app.name}'
    scope: rg
    params: {
      accountName: cosmos.outputs.name
      databaseName: databaseName
      principalId: identities[i].outputs.principalId
      metadataRoleDefinitionId: cosmos.outputs.metadataReaderRoleId
      writes: app.cosmosWrites
      reads: app.cosmosReads
    }
  }
]

module appSearchRoles 'modules/rbac/search-roles.bicep' = [
  for (app, i) in apps: if (!empty(app.searchRoles)) {
    name: 'rbac-search-${app.name}'
    scope: rg
    params: {
      searchServiceName: search.outputs.name
      principalId: identities[i].outputs.principalId
      roleDefinitionIds: app.searchRoles
    }
  }
]

module appEventHubsRoles 'modules/rbac/eventhub-roles.bicep' = [
  for (app, i) in apps: if (!empty(app.eventHubsRoles)) {
    name: 'rbac-eventhubs-${app.name}'
    scope: rg
    params: {
      namespaceName: eventHubs.outputs.name
      hubName: eventHubs.outputs.hubName
      principalId: identities[i].outputs.principalId
      roleDefinitionIds: app.eventHubsRoles
    }
  }
]

module appMonitoringRoles 'modules/rbac/monitoring-roles.bicep' = [
  for (app, i) in apps: {
    name: 'rbac-monitoring-${app.name}'
    scope: rg
    params: {
      applicationInsightsName: monitoring.outputs.applicationInsightsName
      principalId: identities[i].outputs.principalId
    }
  }
]

// ---- Payment secrets: one vault, read only by the orders identity ----

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    readerPrincipalId: identities[ordersApp].outputs.principalId
    stripeApiKey: stripeApiKey
    stripeWebhookSecret: stripeWebhookSecret
    paymentTokenKey: paymentTokenKey
    paymentTokenPreviousKeys: paymentTokenPreviousKeys
  }
}

// The cart app's trigger on the orders account: the checked-out carts queue and its poison queue, nothing else there.
module cartCheckedOutQueueRoles 'modules/rbac/queue-roles.bicep' = {
  name: 'rbac-queues-cart-checked-out'
  scope: rg
  params: {
    storageAccountName: appStorage[ordersApp].outputs.name
    principalId: identities[cartApp].outputs.principalId
    grants: map(checkedOutCartsQueues, queue => {
      queue: queue
      role: roles.storageQueueDataContributor
    })
  }
}

// ---- The warehouse integration: its own identity, send or receive on its queues only ----

var warehouseGrants = concat(
  map(['stock-levels', 'shipment-confirmations', 'returns', 'cancellation-confirmations'], queue => {
    queue: queue
    role: roles.storageQueueDataMessageSender
  }),
  map(['fulfilment-requests', 'fulfilment-cancellations'], queue => {
    queue: queue
    role: roles.storageQueueDataMessageProcessor
  })
)

module warehouseQueueRoles 'modules/rbac/queue-roles.bicep' = if (!empty(warehousePrincipalId)) {
  name: 'rbac-queues-warehouse'
  scope: rg
  params: {
    storageAccountName: appStorage[ordersApp].outputs.name
    principalId: warehousePrincipalId
    grants: warehouseGrants
  }
}

// The warehouse (or ERP) receives replenishment's suggested purchase orders and transfers on the replenishment account.
module warehouseReplenishmentQueueRoles 'modules/rbac/queue-roles.bicep' = if (!empty(warehousePrincipalId)) {
  name: 'rbac-queues-warehouse-replenishment'
  scope: rg
  params: {
    storageAccountName: appStorage[replenishmentApp].outputs.name
    principalId: warehousePrincipalId
    grants: [
      {
        queue: replenishmentOrdersQueue
        role: roles.storageQueueDataMessageProcessor
      }
    ]
  }
}

// ---- The price monitoring service: its own identity, send on competitor-prices only ----

module priceMonitorQueueRoles 'modules/rbac/queue-roles.bicep' = if (!empty(priceMonitorPrincipalId)) {
  name: 'rbac-queues-price-monitor'
  scope: rg
  params: {
    storageAccountName: appStorage[pricingApp].outputs.name
    principalId: priceMonitorPrincipalId
    grants: [
      {
        queue: 'competitor-prices'
        role: roles.storageQueueDataMessageSender
      }
    ]
  }
}

// ---- The stores' point of sale: its own identity, send on store-sales only ----

module storeQueueRoles 'modules/rbac/queue-roles.bicep' = if (!empty(storePrincipalId)) {
  name: 'rbac-queues-store'
  scope: rg
  params: {
    storageAccountName: appStorage[ordersApp].outputs.name
    principalId: storePrincipalId
    grants: [{ queue: 'store-sales', role: roles.storageQueueDataMessageSender }]
  }
}

// ---- Role assignments: the deploying principal, so local runs against the cloud work ----

module userStorageRoles 'modules/rbac/storage-roles.bicep' = if (!empty(principalId)) {
  name: 'rbac-storage-user'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    principalId: principalId
    principalType: principalType
    roleDefinitionIds: storageRoles
  }
}

module userQueueStorageRoles 'modules/rbac/storage-roles.bicep' = if (!empty(principalId)) {
  name: 'rbac-storage-queues-user'
  scope: rg
  params: {
    storageAccountName: appStorage[ordersApp].outputs.name
    principalId: principalId
    principalType: principalType
    roleDefinitionIds: [roles.storageQueueDataContributor]
  }
}

module userDurableStorageRoles 'modules/rbac/storage-roles.bicep' = if (!empty(principalId)) {
  name: 'rbac-storage-durable-user'
  scope: rg
  params: {
    storageAccountName: durableStorage.outputs.name
    principalId: principalId
    principalType: principalType
    roleDefinitionIds: durableStorageRoles
  }
}

module userCosmosRoles 'modules/rbac/cosmos-roles.bicep' = if (!empty(principalId)) {
  name: 'rbac-cosmos-user'
  scope: rg
  params: {
    accountName: cosmos.outputs.name
    principalId: principalId
    accountWide: true
  }
}

module userSearchRoles 'modules/rbac/search-roles.bicep' = if (!empty(principalId)) {
  name: 'rbac-search-user'
  scope: rg
  params: {
    searchServiceName: search.outputs.name
    principalId: principalId
    principalType: principalType
    roleDefinitionIds: [roles.searchIndexDataContributor, roles.searchServiceContributor]
  }
}

module userEventHubsRoles 'modules/rbac/eventhub-roles.bicep' = if (!empty(principalId)) {
  name: 'rbac-eventhubs-user'
  scope: rg
  params: {
    namespaceName: eventHubs.outputs.name
    hubName: eventHubs.outputs.hubName
    principalId: principalId
    principalType: principalType
    roleDefinitionIds: [roles.eventHubsDataSender, roles.eventHubsDataReceiver]
  }
}

module userMonitoringRoles 'modules/rbac/monitoring-roles.bicep' = if (!empty(principalId)) {
  name: 'rbac-monitoring-user'
  scope: rg
  params: {
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    principalId: principalId
    principalType: principalType
  }
}

// ---- The function apps ----

module functionApps 'app/function-app.bicep' = [
  for (app, i) in apps: {
    name: 'app-${app.name}'
    scope: rg
    params: {
      name: '${abbrs.webSitesFunctions}${app.name}-${resourceToken}'
      planName: '${abbrs.webServerFarms}${app.name}-${resourceToken}'
      location: location
      tags: tags
      serviceName: app.name
      identityId: identities[i].outputs.id
      identityClientId: identities[i].outputs.clientId
      storageBlobEndpoint: appStorage[i].outputs.blobEndpoint
      storageQueueEndpoint: appStorage[i].outputs.queueEndpoint
      deploymentContainerName: 'deploy-${app.name}'
      applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
      subnetId: vnetEnabled ? network!.outputs.subnetIds[i] : ''
      maximumInstanceCount: maximumInstanceCount
      allowedOrigins: storefrontOrigins
      // Sale days: the storefront's hot paths keep warm instances (HTTP for cart; HTTP and the sagas for orders).
      alwaysReady: saleAlwaysReadyInstances == 0 || !contains(['cart', 'orders'], app.name)
        ? []
        : map(app.name == 'orders' ? ['http', 'durable'] : ['http'], group => {
            name: group
            instanceCount: saleAlwaysReadyInstances
          })
      instanceMemoryMB: instanceMemoryMB
      appSettings: union(
        {
          // Task hub per app: apps never share one. Only orders runs Durable Functions (its sagas), on the task hub
          // account (host.json: storageProvider.connectionName).
          DurableTaskHubName: '${app.name}hub'
          Documents__Provider: 'Cosmos'
          CosmosDb__accountEndpoint: cosmos.outputs.endpoint
          CosmosDb__credential: 'managedidentity'
          CosmosDb__clientId: identities[i].outputs.clientId
          CosmosDb__databaseName: databaseName
        },
        app.name == 'catalog'
          ? {
              // Browsers load product images through the edge (the container is private).
              Catalog__Images__PublicBaseUrl: edgeImagesUrl
              Search__endpoint: search.outputs.endpoint
              Search__credential: 'managedidentity'
              Search__clientId: identities[i].outputs.clientId
            }
          : {},
        !empty(app.eventHubsRoles)
          ? {
              EventHubs__fullyQualifiedNamespace: eventHubs.outputs.fullyQualifiedNamespace
              EventHubs__credential: 'managedidentity'
              EventHubs__clientId: identities[i].outputs.clientId
              EventHubs__hubName: eventHubs.outputs.hubName
            }
          : {},
        app.name == 'pricing'
          ? {
              EventHubs__pricingConsumerGroup: eventHubs.outputs.pricingConsumerGroupName
            }
          : {},
        app.name == 'analytics'
          ? {
              EventHubs__consumerGroup: eventHubs.outputs.consumerGroupName
              // Recommendations: train nightly at 03:00 UTC, refresh the trending list every 5 minutes.
              Recommendations__TrainingSchedule: '0 0 3 * * *'
              Recommendations__TrendingSchedule: '0 */5 * * * *'
            }
          : {},
        // Bearer tokens: customers (carts, checkout, orders, personal recommendations in the catalog) and staff (the
        // admin app role: any order, the analytics summary).
        !empty(customerAuthAuthority)
          ? {
              Auth__Authority: customerAuthAuthority
              Auth__Audience: customerAuthAudience
            }
          : {},
        app.name == 'cart'
          ? {
              // The checked-out carts queue lives on the orders app's account (its trigger's connection).
              CheckedOutCarts__queueServiceUri: appStorage[ordersApp].outputs.queueEndpoint
              CheckedOutCarts__credential: 'managedidentity'
              CheckedOutCarts__clientId: identities[i].outputs.clientId
            }
          : {},
        app.name == 'orders'
          ? union({
              DurableTaskStorage__blobServiceUri: durableStorage.outputs.blobEndpoint
              DurableTaskStorage__queueServiceUri: durableStorage.outputs.queueEndpoint
              DurableTaskStorage__tableServiceUri: durableStorage.outputs.tableEndpoint
              DurableTaskStorage__credential: 'managedidentity'
              DurableTaskStorage__clientId: identities[i].outputs.clientId
              // Real payments: the simulated provider is for local runs only (the app refuses it in Azure).
              Payments__Provider: 'Stripe'
              Payments__Stripe__ApiKey: keyVault.outputs.references.stripeApiKey
              Payments__WebhookSecret: keyVault.outputs.references.stripeWebhookSecret
              Orders__PaymentTokenKey: keyVault.outputs.references.paymentTokenKey
            }, empty(paymentTokenPreviousKeys) ? {} : {
              Orders__PreviousPaymentTokenKeys: keyVault.outputs.references.paymentTokenPreviousKeys
            })
          : {},
        app.name == 'pricing'
          ? {
              DurableTaskStorage__blobServiceUri: pricingDurableStorage.outputs.blobEndpoint
              DurableTaskStorage__queueServiceUri: pricingDurableStorage.outputs.queueEndpoint
              DurableTaskStorage__tableServiceUri: pricingDurableStorage.outputs.tableEndpoint
              DurableTaskStorage__credential: 'managedidentity'
              DurableTaskStorage__clientId: identities[i].outputs.clientId
              // The pricing run: nightly at 02:30 UTC (NCRONTAB, read by the timer as %Pricing:RunSchedule%).
              Pricing__RunSchedule: '0 30 2 * * *'
              // The catalog's applied-prices queue, on the catalog's runtime account, with this app's identity.
              Pricing__AppliedPriceQueue__serviceUri: appStorage[catalogApp].outputs.queueEndpoint
              Pricing__AppliedPriceQueue__credential: 'managedidentity'
              Pricing__AppliedPriceQueue__clientId: identities[i].outputs.clientId
            }
          : {},
        app.name == 'replenishment'
          ? {
              DurableTaskStorage__blobServiceUri: replenishmentDurableStorage.outputs.blobEndpoint
              DurableTaskStorage__queueServiceUri: replenishmentDurableStorage.outputs.queueEndpoint
              DurableTaskStorage__tableServiceUri: replenishmentDurableStorage.outputs.tableEndpoint
              DurableTaskStorage__credential: 'managedidentity'
              DurableTaskStorage__clientId: identities[i].outputs.clientId
              // The nightly run at 02:00 UTC (NCRONTAB, read by the timer as %Replenishment:RunSchedule%).
              Replenishment__RunSchedule: '0 0 2 * * *'
              // The replenishment-orders queue on this app's own runtime account, with this app's identity.
              Replenishment__OrdersQueue__serviceUri: appStorage[i].outputs.queueEndpoint
              Replenishment__OrdersQueue__credential: 'managedidentity'
              Replenishment__OrdersQueue__clientId: identities[i].outputs.clientId
              // The shipped-units queue lives on the orders app's account (its trigger's connection).
              ShippedUnits__queueServiceUri: appStorage[ordersApp].outputs.queueEndpoint
              ShippedUnits__credential: 'managedidentity'
              ShippedUnits__clientId: identities[i].outputs.clientId
            }
          : {},
        app.usesBlobs
          ? {
              Blobs__serviceUri: storage.outputs.blobEndpoint
              Blobs__credential: 'managedidentity'
              Blobs__clientId: identities[i].outputs.clientId
            }
          : {}
      )
    }
    // The host reaches storage as soon as it starts: grant first, then create the app. (The orders app's
    // settings name the vault module's outputs, so it also waits for the vault's secrets and reader role.)
    dependsOn: [
      appHostRoles
      appQueueRoles
      cartCheckedOutQueueRoles
      appDataBlobRoles
      ordersDurableStorageRoles
      pricingDurableStorageRoles
      pricingAppliedPriceRoles
      replenishmentDurableStorageRoles
      replenishmentOrdersQueueRoles
      replenishmentShippedUnitsQueueRoles
      appMonitoringRoles
    ]
  }
]

// ---- The storefront edge: one hostname in front of the six apps ----

// Index of each app in `apps` (and so in `functionApps`).
var appIndex = {
  catalog: 0
  cart: 1
  orders: 2
  analytics: 3
  pricing: 4
  replenishment: 5
}

// The first path segment after /api of every route the apps serve without a function key, and the app that serves it (a
// test reads the apps' HTTP triggers and fails when a route is missing here). Back-office routes (admin, inventory) are
// published too: staff carry the admin app role on a bearer token and the apps check it, so no function key exists to
// hold; anyone else gets the 404 of a route that does not exist.
var edgeRoutes = [
  { prefix: 'products', app: 'catalog', callsPerMinute: 0 }
  { prefix: 'categories', app: 'catalog', callsPerMinute: 0 }
  { prefix: 'search', app: 'catalog', callsPerMinute: 0 }
  { prefix: 'recommendations', app: 'catalog', callsPerMinute: 0 }
  { prefix: 'catalog', app: 'catalog', callsPerMinute: 0 }
  { prefix: 'carts', app: 'cart', callsPerMinute: edgeCartCallsPerMinute }
  { prefix: 'cart', app: 'cart', callsPerMinute: 0 }
  { prefix: 'checkout', app: 'orders', callsPerMinute: edgeCheckoutCallsPerMinute }
  { prefix: 'orders', app: 'orders', callsPerMinute: 0 }
  { prefix: 'customers', app: 'orders', callsPerMinute: 0 }
  { prefix: 'payments', app: 'orders', callsPerMinute: 0 }
  { prefix: 'events', app: 'analytics', callsPerMinute: 0 }
  { prefix: 'analytics', app: 'analytics', callsPerMinute: 0 }
  { prefix: 'admin', app: 'catalog', callsPerMinute: 0 }
  // the pricing back office: API Management picks the API with the longest matching path, so admin/pricing/* and
  // admin/experiments/* go to pricing and the rest of admin/* to the catalog
  { prefix: 'admin/pricing', app: 'pricing', callsPerMinute: 0 }
  { prefix: 'admin/experiments', app: 'pricing', callsPerMinute: 0 }
  { prefix: 'pricing', app: 'pricing', callsPerMinute: 0 }
  // the replenishment back office (admin/replenishment/*, longest match as above) and its health route
  { prefix: 'admin/replenishment', app: 'replenishment', callsPerMinute: 0 }
  { prefix: 'replenishment', app: 'replenishment', callsPerMinute: 0 }
  { prefix: 'inventory', app: 'orders', callsPerMinute: 0 }
]

module edge 'modules/edge.bicep' = {
  name: 'edge'
  scope: rg
  params: {
    name: edgeName
    imagesContainerUrl: '${storage.outputs.blobEndpoint}${productImagesContainer}'
    openApiHosts: [
      for (app, i) in apps: {
        name: app.name
        host: functionApps[i].outputs.defaultHostName
      }
    ]
    location: location
    tags: tags
    skuName: edgeSku
    publisherEmail: edgePublisherEmail
    allowedOrigins: storefrontOrigins
    routes: [
      for route in edgeRoutes: {
        prefix: route.prefix
        host: functionApps[appIndex[route.app]].outputs.defaultHostName
        callsPerMinute: route.callsPerMinute
      }
    ]
  }
}

// The edge reads product images with its own identity: Blob Data Reader on that one container.
module edgeImageRoles 'modules/rbac/container-roles.bicep' = {
  name: 'rbac-blobs-edge'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    principalId: edge.outputs.principalId
    grants: [
      {
        container: productImagesContainer
        role: roles.storageBlobDataReader
      }
    ]
  }
}

// ---- Outputs (azd stores these in .azure/<env>/.env; nothing here is a secret) ----

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name

output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
@description('Where warehouses send and receive: the orders app\'s runtime account holds the warehouse queues.')
output AZURE_STORAGE_QUEUE_ENDPOINT string = appStorage[ordersApp].outputs.queueEndpoint
@description('Where a price monitoring service sends competitor prices: the pricing app\'s runtime account holds competitor-prices.')
output AZURE_PRICING_QUEUE_ENDPOINT string = appStorage[pricingApp].outputs.queueEndpoint
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_COSMOS_DATABASE string = cosmos.outputs.databaseName
output AZURE_SEARCH_ENDPOINT string = search.outputs.endpoint
output AZURE_EVENTHUBS_NAMESPACE string = eventHubs.outputs.fullyQualifiedNamespace
output AZURE_EVENTHUB_NAME string = eventHubs.outputs.hubName
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString

output SERVICE_CATALOG_NAME string = functionApps[0].outputs.name
output SERVICE_CATALOG_URI string = functionApps[0].outputs.uri
output SERVICE_CART_NAME string = functionApps[1].outputs.name
output SERVICE_CART_URI string = functionApps[1].outputs.uri
output SERVICE_ORDERS_NAME string = functionApps[2].outputs.name
output SERVICE_ORDERS_URI string = functionApps[2].outputs.uri
output SERVICE_ANALYTICS_NAME string = functionApps[3].outputs.name
output SERVICE_ANALYTICS_URI string = functionApps[3].outputs.uri
output SERVICE_PRICING_NAME string = functionApps[4].outputs.name
output SERVICE_PRICING_URI string = functionApps[4].outputs.uri
output SERVICE_REPLENISHMENT_NAME string = functionApps[5].outputs.name
output SERVICE_REPLENISHMENT_URI string = functionApps[5].outputs.uri

@description('The storefront\'s one public base URL: /api/* through the edge.')
output STOREFRONT_API_URL string = '${edge.outputs.gatewayUrl}/api'
