// A storage account of the platform. Used twice: the main account (the Functions runtime, AzureWebJobsStorage;
// the Flex Consumption deployment packages, product images, model files and the warehouse queues) and the Durable
// Functions task hub account (the sagas' queues, tables and blobs, on their own so a flash sale's orchestration
// traffic does not share the main account's request limits). Identity only: shared keys are off, so no
// connection string with a key can work.

param name string
param location string
param tags object

@description('Replication: LRS, or ZRS (zone-redundant; where the region has availability zones).')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param skuName string = 'Standard_LRS'

@description('Blob containers to create (deployment packages, product-images, models).')
param containers string[] = []

@description('Queues to create (the warehouse queues the orders app triggers on).')
param queues string[] = []

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    // Public endpoint with identity-only access: azd uploads packages and developers run locally against it.
    // VNet integration (vnetEnabled) routes the apps' outbound traffic; private endpoints are a follow-up.
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'
    properties: {
      deleteRetentionPolicy: {
        enabled: true
        days: 7
      }
      containerDeleteRetentionPolicy: {
        enabled: true
        days: 7
      }
    }

    resource blobContainers 'containers' = [
      for container in containers: {
        name: container
        properties: {
          publicAccess: 'None'
        }
      }
    ]
  }

  resource queueService 'queueServices' = {
    name: 'default'

    resource storageQueues 'queues' = [
      for queue in queues: {
        name: queue
      }
    ]
  }

  resource tableService 'tableServices' = {
    name: 'default'
  }
}

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
